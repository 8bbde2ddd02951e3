package io.peerwall.decoder.source;

import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.Redaction;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.demux.InputException;
import io.peerwall.decoder.demux.InputOptions;
import io.peerwall.decoder.demux.MediaInput;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An IP camera over RTSP, through FFmpeg's RTSP client: H.264 or H.265 passed through without
 * re-encoding, stamped with the arrival time.
 *
 * <p>When the camera drops (connection closed, nothing received for {@link #STALL_TIMEOUT}, a
 * reboot) the source reconnects with exponential backoff from 0.5 s up to 30 s, reporting
 * RECONNECTING with the reason, until stopped; the first unit after a reconnect is a keyframe. The
 * URL may hold the camera's user name and password (FFmpeg does Basic and Digest authentication);
 * they never appear in logs, messages or {@link #description()}.
 *
 * <p>RTSP has no standard way to ask a camera for an IDR, so {@link #requestKeyframe()} cannot
 * speed up the next keyframe: it comes with the camera's GOP (set the camera to 1-2 s).
 */
public final class RtspSource extends DemuxedSource {

  /** Longest wait for the camera to answer and describe its stream. */
  public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

  /** No packet for this long counts as a dropped camera. */
  public static final Duration STALL_TIMEOUT = Duration.ofSeconds(5);

  private final String url;
  private final RtspTransport transport;

  /**
   * @param url rtsp:// or rtsps:// URL, optionally with user info
   * @throws IllegalArgumentException if the URL is not a valid RTSP URL (message redacted)
   */
  public RtspSource(String name, String url, RtspTransport transport, MediaClock clock) {
    super(name, checkUrl(url), "rtsp", clock, EnumSet.of(VideoCodec.H264, VideoCodec.H265));
    this.url = url;
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  public RtspSource(String name, String url, RtspTransport transport) {
    this(name, url, transport, MediaClock.system());
  }

  /** Validates the URL and returns its redacted form. */
  static String checkUrl(String url) {
    Objects.requireNonNull(url, "url");
    String redacted = Redaction.redact(url);
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "invalid RTSP URL " + redacted + ": " + Redaction.redact(e.getReason()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
      throw new IllegalArgumentException(
          "invalid RTSP URL " + redacted + ": it must start with rtsp:// or rtsps://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("invalid RTSP URL " + redacted + ": no host");
    }
    return redacted;
  }

  public RtspTransport transport() {
    return transport;
  }

  @Override
  protected MediaInput openInput(AtomicBoolean cancelled) throws InputException {
    InputOptions options =
        new InputOptions("rtsp", java.util.Map.of(), OPEN_TIMEOUT, STALL_TIMEOUT)
            .with("rtsp_transport", transport.ffmpegValue())
            // Socket timeout (microseconds) for connecting and for each read.
            .with("timeout", Long.toString(STALL_TIMEOUT.toNanos() / 1000))
            .with("allowed_media_types", "video")
            .with("user_agent", "PeerWall")
            // UDP: room for a large keyframe burst, and half a second to reorder packets.
            .with("buffer_size", Integer.toString(4 * 1024 * 1024))
            .with("max_delay", "500000")
            .with("analyzeduration", "2000000");
    return MediaInput.open(url, description, options, cancelled);
  }

  @Override
  protected String explain(InputException e) {
    String reason = Redaction.redact(e.reason());
    if (reason.contains("401")) {
      return "the camera refused the user name or password (" + reason + ")";
    }
    if (reason.contains("404")) {
      return "the camera has no stream at this path (" + reason + ")";
    }
    if (reason.contains("Connection refused")) {
      return "connection refused: nothing listens on that host and port (" + reason + ")";
    }
    if (e.isTimeout()) {
      return "no answer from the camera within " + STALL_TIMEOUT.toSeconds() + " s";
    }
    return reason;
  }

  @Override
  protected boolean paced() {
    return false;
  }

  @Override
  protected boolean loops() {
    return false;
  }

  @Override
  protected boolean skipsToKeyframe() {
    return false;
  }
}
