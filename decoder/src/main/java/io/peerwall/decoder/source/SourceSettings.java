package io.peerwall.decoder.source;

import java.util.Objects;

/**
 * Settings that apply to some sources only: encoding for the test pattern and webcams, the RTP
 * transport for RTSP, the capture size for webcams.
 *
 * @param bitrateBps encoder bit rate; 0 picks one from the size and frame rate (about 0.1 bit per
 *     pixel per frame, 300 kbit/s to 8 Mbit/s, like common camera defaults)
 * @param keyframeIntervalSeconds seconds between keyframes when encoding (1..10); a station that
 *     joins waits at most this long for a picture, unless it asks for a keyframe
 * @param rtspTransport TCP (default) or UDP
 * @param webcamWidth requested webcam capture width
 * @param webcamHeight requested webcam capture height
 * @param webcamFps requested webcam frame rate
 */
public record SourceSettings(
    int bitrateBps,
    int keyframeIntervalSeconds,
    RtspTransport rtspTransport,
    int webcamWidth,
    int webcamHeight,
    int webcamFps) {

  public SourceSettings {
    if (bitrateBps != 0 && (bitrateBps < 10_000 || bitrateBps > 100_000_000)) {
      throw new IllegalArgumentException("bit rate must be 10 kbit/s..100 Mbit/s or 0 for auto");
    }
    if (keyframeIntervalSeconds < 1 || keyframeIntervalSeconds > 10) {
      throw new IllegalArgumentException("keyframe interval must be 1..10 s");
    }
    Objects.requireNonNull(rtspTransport, "rtspTransport");
    if (webcamWidth < 64 || webcamHeight < 64 || webcamFps < 1 || webcamFps > 120) {
      throw new IllegalArgumentException(
          "bad webcam size " + webcamWidth + "x" + webcamHeight + "@" + webcamFps);
    }
  }

  /** Automatic bit rate, a keyframe every second, RTSP over TCP, webcams at 640x480, 15 fps. */
  public static SourceSettings defaults() {
    return new SourceSettings(0, 1, RtspTransport.TCP, 640, 480, 15);
  }

  public SourceSettings withBitrate(int bps) {
    return new SourceSettings(
        bps, keyframeIntervalSeconds, rtspTransport, webcamWidth, webcamHeight, webcamFps);
  }

  public SourceSettings withKeyframeInterval(int seconds) {
    return new SourceSettings(
        bitrateBps, seconds, rtspTransport, webcamWidth, webcamHeight, webcamFps);
  }

  public SourceSettings withRtspTransport(RtspTransport transport) {
    return new SourceSettings(
        bitrateBps, keyframeIntervalSeconds, transport, webcamWidth, webcamHeight, webcamFps);
  }

  public SourceSettings withWebcamSize(int width, int height, int fps) {
    return new SourceSettings(
        bitrateBps, keyframeIntervalSeconds, rtspTransport, width, height, fps);
  }

  /** The bit rate to encode {@code width} x {@code height} at {@code fps} with. */
  public int bitrateFor(int width, int height, int fps) {
    if (bitrateBps > 0) {
      return bitrateBps;
    }
    long auto = (long) width * height * fps / 10;
    return (int) Math.max(300_000, Math.min(8_000_000, auto));
  }
}
