package io.peerwall.station.feed;

/**
 * Turns 32-bit RTP timestamps (90 kHz, wrapping every 13 hours) into a continuous microsecond
 * timeline for the decoder. One instance per session; single-threaded.
 */
final class RtpTimeline {
  private static final long WRAP = 1L << 32;
  private long last = -1;
  private long extended;

  long toMicros(long rtpTimestamp) {
    long ts = rtpTimestamp & (WRAP - 1);
    if (last < 0) {
      extended = ts;
    } else {
      long delta = ts - last;
      if (delta < -WRAP / 2) {
        delta += WRAP; // wrapped forwards
      } else if (delta > WRAP / 2) {
        delta -= WRAP; // a late packet from before a wrap
      }
      extended += delta;
    }
    last = ts;
    return extended * 1_000L / 90L;
  }
}
