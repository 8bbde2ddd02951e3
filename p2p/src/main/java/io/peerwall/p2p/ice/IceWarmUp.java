package io.peerwall.p2p.ice;

import io.peerwall.p2p.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first ice4j agent of a JVM loads and configures ice4j: 1 to 4 s on a loaded machine (decision
 * 0067). A station makes one early, on a thread of its own, so that the first camera it connects to
 * does not wait for it; tests that time a gathering do it first so they measure the gathering. The
 * agent gathers on loopback only: nothing leaves the machine.
 */
public final class IceWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(IceWarmUp.class);
  private static boolean done;

  private IceWarmUp() {}

  /** Loads ice4j now, on the caller's thread (once per JVM; later calls return at once). */
  public static synchronized void once() {
    if (done) {
      return;
    }
    long t0 = System.nanoTime();
    try (IceSession s = new IceSession("warm-up", true, IceConfig.loopbackOnly())) {
      s.gather();
    } catch (IceFailedException e) {
      // Loaded all the same; the first real session will report its own trouble.
      LOG.debug("ice4j warm-up gathering failed: {}", e.getMessage());
    }
    done = true;
    LOG.debug("ice4j loaded in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  /** Loads ice4j on the daemon thread {@code p2p-ice-warm-up}; returns at once. */
  public static void inBackground() {
    NamedThreadFactory.start("p2p-ice-warm-up", IceWarmUp::once);
  }
}
