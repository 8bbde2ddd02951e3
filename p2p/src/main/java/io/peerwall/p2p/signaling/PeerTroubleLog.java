package io.peerwall.p2p.signaling;

import io.peerwall.p2p.util.LogLimiter;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What unauthenticated peers cause on a camera's signaling port (refused, taken back, timed out,
 * malformed, unpaired, forged), logged at most once per address per minute: each line says what
 * happened last and how many such events the address caused since its previous line. Whatever a
 * peer can repeat at will must not flood the log. The counts per kind are in the server's {@link
 * ConnectionStats}.
 */
final class PeerTroubleLog {
  private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);
  private static final int MAX_ADDRESSES = 4096;

  private final LogLimiter limiter;

  PeerTroubleLog(LongSupplier nanoClock) {
    this.limiter = new LogLimiter(Duration.ofMinutes(1), MAX_ADDRESSES, nanoClock);
  }

  /**
   * One event from {@code address}.
   *
   * @param what what happened, in words, without anything the peer sent
   */
  void event(String address, String what) {
    long times = limiter.event(address);
    if (times > 0) {
      LOG.warn(
          "signaling: {} from {} ({} event(s) from that address since its last line)",
          what,
          address,
          times);
    }
  }
}
