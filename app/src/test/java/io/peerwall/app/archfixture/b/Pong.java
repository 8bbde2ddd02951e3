package io.peerwall.app.archfixture.b;

import io.peerwall.app.archfixture.a.Ping;

/** The other half of the package cycle of {@link Ping} (never used elsewhere). */
public final class Pong {
  private Pong() {}

  public static Pong serve() {
    return Ping.class.getName().isEmpty() ? null : new Pong();
  }
}
