package io.peerwall.recorder.ts;

/**
 * What the recorder relies on in segment files (MPEG-TS written by the decoder's {@code
 * SegmentWriter}, FFmpeg's muxer with {@code flush_packets}): one video stream on PID 0x100, one
 * PES packet per access unit, PAT and PMT in front of every keyframe, 90 kHz timestamps.
 */
public final class TsProfile {
  /** Bytes per TS packet. */
  public static final int PACKET_SIZE = 188;

  /** Ticks per second of PTS, DTS and the keyframe index. */
  public static final long CLOCK_HZ = 90_000;

  /** FFmpeg's first elementary stream PID ({@code mpegts_start_pid}). */
  static final int VIDEO_PID = 0x100;

  private TsProfile() {}

  /** Microseconds to 90 kHz ticks, rounded to the nearest tick. */
  public static long toTicks(long micros) {
    return Math.floorDiv(micros * 9 + 50, 100);
  }

  /** 90 kHz ticks to microseconds, rounded to the nearest microsecond. */
  public static long toMicros(long ticks) {
    return Math.floorDiv(ticks * 100 + 4, 9);
  }
}
