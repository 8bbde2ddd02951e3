package io.peerwall.decoder.source;

import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.VideoSource;

/** Makes the {@link VideoSource} a {@link SourceSpec} describes. */
public final class Sources {

  private Sources() {}

  /**
   * Creates (does not start) the source for {@code spec}.
   *
   * @param cameraName names the source's thread and logs, and is burned into the test pattern
   */
  public static VideoSource create(
      SourceSpec spec, String cameraName, SourceSettings settings, MediaClock clock) {
    if (spec instanceof SourceSpec.TestPattern p) {
      return new TestPatternSource(
          cameraName,
          p.width(),
          p.height(),
          p.fps(),
          settings.bitrateFor(p.width(), p.height(), p.fps()),
          p.fps() * settings.keyframeIntervalSeconds(),
          clock);
    }
    if (spec instanceof SourceSpec.MediaFile f) {
      return new FileSource(cameraName, f.path(), clock);
    }
    if (spec instanceof SourceSpec.Rtsp r) {
      return new RtspSource(cameraName, r.url(), settings.rtspTransport(), clock);
    }
    SourceSpec.Webcam w = (SourceSpec.Webcam) spec;
    int width = settings.webcamWidth();
    int height = settings.webcamHeight();
    int fps = settings.webcamFps();
    return new V4l2Source(
        cameraName,
        w.device(),
        width,
        height,
        fps,
        settings.bitrateFor(width, height, fps),
        fps * settings.keyframeIntervalSeconds(),
        clock);
  }

  /** {@link #create} with the system clocks. */
  public static VideoSource create(SourceSpec spec, String cameraName, SourceSettings settings) {
    return create(spec, cameraName, settings, MediaClock.system());
  }
}
