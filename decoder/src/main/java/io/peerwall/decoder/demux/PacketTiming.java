package io.peerwall.decoder.demux;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Converts the video stream's packet timestamps from its time base to microseconds and remembers
 * those of the last packet read, for {@link MediaInput}.
 */
final class PacketTiming {

  private final long timeBaseNum;
  private final long timeBaseDen;
  private long lastDtsMicros = Long.MIN_VALUE;
  private long lastPtsMicros = Long.MIN_VALUE;
  private long lastDurationMicros;

  PacketTiming(long timeBaseNum, long timeBaseDen) {
    this.timeBaseNum = timeBaseNum;
    this.timeBaseDen = timeBaseDen;
  }

  /** Takes the timestamps of {@code read} as the last ones. */
  void note(AVPacket read) {
    long dts = read.dts() != AV_NOPTS_VALUE ? read.dts() : read.pts();
    lastDtsMicros = dts == AV_NOPTS_VALUE ? Long.MIN_VALUE : toMicros(dts);
    lastPtsMicros = read.pts() != AV_NOPTS_VALUE ? toMicros(read.pts()) : lastDtsMicros;
    lastDurationMicros = read.duration() > 0 ? toMicros(read.duration()) : 0;
  }

  long toMicros(long timestamp) {
    return av_rescale(timestamp, timeBaseNum * 1_000_000L, timeBaseDen);
  }

  long lastDtsMicros() {
    return lastDtsMicros;
  }

  long lastPtsMicros() {
    return lastPtsMicros;
  }

  long lastDurationMicros() {
    return lastDurationMicros;
  }
}
