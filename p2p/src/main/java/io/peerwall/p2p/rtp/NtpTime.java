package io.peerwall.p2p.rtp;

/**
 * 64-bit NTP timestamps (RFC 5905: 32-bit seconds since 1900 + 32-bit fraction), as used by RTCP
 * sender reports and the abs-capture-time header extension. Seconds values with the top bit clear
 * are taken to be in NTP era 1 (2036–2104), the usual RFC 4330 convention.
 */
public final class NtpTime {
  /** Seconds from 1900-01-01 to 1970-01-01. */
  public static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

  private NtpTime() {}

  /** Unix-epoch microseconds (≥ 0) to a 64-bit NTP timestamp. */
  public static long fromEpochMicros(long epochMicros) {
    long secs = Math.floorDiv(epochMicros, 1_000_000L) + EPOCH_OFFSET_SECONDS;
    long micros = Math.floorMod(epochMicros, 1_000_000L);
    long frac = (micros << 32) / 1_000_000L;
    return ((secs & 0xFFFF_FFFFL) << 32) | frac;
  }

  /** 64-bit NTP timestamp to Unix-epoch microseconds (rounded to the nearest microsecond). */
  public static long toEpochMicros(long ntp) {
    long secs = ntp >>> 32;
    if ((secs & 0x8000_0000L) == 0) {
      secs += 1L << 32; // era 1
    }
    long frac = ntp & 0xFFFF_FFFFL;
    long micros = (frac * 1_000_000L + (1L << 31)) >>> 32;
    return (secs - EPOCH_OFFSET_SECONDS) * 1_000_000L + micros;
  }

  /** The middle 32 bits, as RTCP's LSR field wants them. */
  public static long middle32(long ntp) {
    return (ntp >>> 16) & 0xFFFF_FFFFL;
  }

  /** Now, from the wall clock. */
  public static long now() {
    java.time.Instant i = java.time.Instant.now();
    return fromEpochMicros(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000);
  }
}
