package io.peerwall.app.archfixture.a;

import io.peerwall.app.archfixture.b.Pong;

/** Half of a package cycle that ArchitectureTest must catch (never used elsewhere). */
public final class Ping {
  private Ping() {}

  public static Pong answer() {
    return Pong.serve();
  }
}
