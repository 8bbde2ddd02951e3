package io.peerwall.p2p.testutil;

import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceSession;

/**
 * The first ice4j agent of a JVM loads and configures ice4j (seconds on a busy machine). Tests that
 * time a gathering call this first, so they measure the gathering and not class loading.
 */
public final class IceWarmUp {
  private static boolean done;

  private IceWarmUp() {}

  public static synchronized void once() throws IceFailedException {
    if (!done) {
      try (IceSession s = new IceSession("warm-up", true, IceConfig.loopbackOnly())) {
        s.gather();
      }
      done = true;
    }
  }
}
