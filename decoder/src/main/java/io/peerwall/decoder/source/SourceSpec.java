package io.peerwall.decoder.source;

import io.peerwall.decoder.Redaction;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a camera agent takes its video from, as a user writes it on the command line or in a config
 * file:
 *
 * <ul>
 *   <li>{@code testpattern} or {@code testpattern:WxH@FPS} (e.g. {@code testpattern:1280x720@30}):
 *       a live encoded test pattern, 640x360 at 15 fps by default;
 *   <li>{@code file:PATH}: a video file looped in real time, passed through;
 *   <li>{@code rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH} (or rtsps://): an IP camera, passed
 *       through;
 *   <li>{@code v4l2:/dev/videoN}: a webcam, encoded.
 * </ul>
 *
 * {@link #parse} checks the syntax only; whether a file or device exists is checked when the source
 * starts. {@code toString()} never shows credentials.
 */
public sealed interface SourceSpec {

  /** The syntax, for error and help messages. */
  String SYNTAX =
      "testpattern[:WxH@FPS], file:PATH, rtsp://[USER:PASSWORD@]HOST[:PORT]/PATH or"
          + " v4l2:/dev/videoN";

  /** The spec as the user would write it, with credentials replaced by ***. */
  String describe();

  /**
   * Parses a source spec.
   *
   * @throws IllegalArgumentException with a message that quotes the (redacted) input and says what
   *     is expected
   */
  static SourceSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no source given: expected " + SYNTAX);
    }
    String spec = text.strip();
    String lower = spec.toLowerCase(Locale.ROOT);
    if (lower.equals("testpattern") || lower.startsWith("testpattern:")) {
      return TestPattern.parse(spec);
    }
    if (lower.startsWith("file:")) {
      String path = spec.substring("file:".length());
      if (path.isBlank()) {
        throw new IllegalArgumentException("file source without a path: expected file:PATH");
      }
      return new MediaFile(Path.of(path));
    }
    if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://")) {
      RtspSource.checkUrl(spec);
      return new Rtsp(spec);
    }
    if (lower.startsWith("v4l2:")) {
      String device = spec.substring("v4l2:".length());
      if (!device.startsWith("/dev/")) {
        throw new IllegalArgumentException(
            "webcam source '" + Redaction.redact(spec) + "' needs a device path: v4l2:/dev/videoN");
      }
      return new Webcam(Path.of(device));
    }
    throw new IllegalArgumentException(
        "unknown source '" + Redaction.redact(spec) + "': expected " + SYNTAX);
  }

  /** A live encoded test pattern. */
  record TestPattern(int width, int height, int fps) implements SourceSpec {
    private static final Pattern FORM = Pattern.compile("(\\d{2,4})x(\\d{2,4})(?:@(\\d{1,3}))?");

    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 360;
    public static final int DEFAULT_FPS = 15;

    public TestPattern {
      if (width < 64 || height < 64 || width > 4096 || height > 4096) {
        throw new IllegalArgumentException(
            "test pattern size must be 64..4096, got " + width + "x" + height);
      }
      if (width % 2 != 0 || height % 2 != 0) {
        throw new IllegalArgumentException(
            "test pattern size must be even (4:2:0), got " + width + "x" + height);
      }
      if (fps < 1 || fps > 120) {
        throw new IllegalArgumentException("test pattern fps must be 1..120, got " + fps);
      }
    }

    static TestPattern parse(String spec) {
      int colon = spec.indexOf(':');
      if (colon < 0) {
        return new TestPattern(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS);
      }
      Matcher m = FORM.matcher(spec.substring(colon + 1).toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "bad test pattern '"
                + spec
                + "': expected testpattern:WxH@FPS, e.g."
                + " testpattern:1280x720@30");
      }
      int fps = m.group(3) == null ? DEFAULT_FPS : Integer.parseInt(m.group(3));
      return new TestPattern(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), fps);
    }

    @Override
    public String describe() {
      return "testpattern:" + width + "x" + height + "@" + fps;
    }
  }

  /** A video file, looped and passed through. */
  record MediaFile(Path path) implements SourceSpec {
    @Override
    public String describe() {
      return "file:" + path;
    }
  }

  /** An RTSP camera. The URL may hold credentials: {@link #toString()} redacts them. */
  record Rtsp(String url) implements SourceSpec {
    @Override
    public String describe() {
      return Redaction.redact(url);
    }

    @Override
    public String toString() {
      return "Rtsp[" + describe() + "]";
    }
  }

  /** A V4L2 webcam. */
  record Webcam(Path device) implements SourceSpec {
    @Override
    public String describe() {
      return "v4l2:" + device;
    }
  }
}
