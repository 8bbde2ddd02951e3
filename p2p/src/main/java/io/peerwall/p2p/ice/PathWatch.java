package io.peerwall.p2p.ice;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Decides when a live path is lost. Two signs, whichever comes first:
 *
 * <ul>
 *   <li><b>Silence</b>, once the owner armed the watch (after its own keep-alive traffic runs: the
 *       control channel pings every second both ways, the station sends RTCP receiver reports, the
 *       camera media): no datagram from the peer on the selected pair and no answer to a consent
 *       check for {@code silenceLimit}. This is what notices a network change or a peer that
 *       vanished within seconds.
 *   <li><b>Consent expired</b> (RFC 7675): ice4j marks the selected pair FAILED when a consent
 *       check got no answer through all its retransmissions. ice4j 3.2 does not act on that itself
 *       (its agent stays COMPLETED and keeps sending), so the session does.
 * </ul>
 *
 * Pure logic over a nanosecond clock; {@link IceSession} feeds it and polls it on its event thread.
 */
final class PathWatch {
  private final long silenceLimitNanos;
  private final LongSupplier clock;
  private long armedAtNanos;
  private long lastConsentNanos;
  private boolean armed;
  private String consentLost;
  private long consentFailedAtNanos;

  /** A consent failure while datagrams still arrive this recently is a stray check timing out. */
  static final long CONSENT_QUIET_NANOS = 1_000_000_000L;

  PathWatch(Duration silenceLimit, LongSupplier clock) {
    this.silenceLimitNanos = silenceLimit.toNanos();
    this.clock = clock;
    this.lastConsentNanos = clock.getAsLong();
  }

  /** Starts the silence watch (idempotent). */
  void arm() {
    if (!armed) {
      armed = true;
      armedAtNanos = clock.getAsLong();
    }
  }

  boolean armed() {
    return armed;
  }

  /** A consent check on the selected pair was answered. */
  void consentConfirmed() {
    lastConsentNanos = clock.getAsLong();
  }

  /**
   * ice4j failed the selected pair (its consent check went unanswered through its retransmissions,
   * 30 × 500 ms). Counts only while nothing else arrives either: a connectivity check transaction
   * of the same pair that times out late under loss fails the pair the same way.
   */
  void consentFailed() {
    consentLost = "ICE consent expired: the peer stopped answering consent checks (RFC 7675)";
    consentFailedAtNanos = clock.getAsLong();
  }

  /**
   * Why the path counts as lost now, or null while it lives.
   *
   * @param lastReceivedNanos when the selected pair last delivered a datagram from the peer (its
   *     start if never), on the same clock
   */
  String lostBecause(long lastReceivedNanos) {
    long now = clock.getAsLong();
    if (consentLost != null && lastReceivedNanos > consentFailedAtNanos) {
      // Datagrams came after the failure: it was a stray check timing out under loss, and the
      // path works. Forgotten, so a later pause in traffic (a short outage the session repairs
      // with a keyframe) is judged by the silence rule, not by this old failure.
      consentLost = null;
    }
    if (consentLost != null && now - lastReceivedNanos > CONSENT_QUIET_NANOS) {
      return consentLost;
    }
    if (!armed) {
      return null;
    }
    long heard = Math.max(armedAtNanos, Math.max(lastReceivedNanos, lastConsentNanos));
    long silent = now - heard;
    if (silent > silenceLimitNanos) {
      return "no packet from the peer for " + silent / 1_000_000 + " ms";
    }
    return null;
  }
}
