package io.peerwall.decoder.demux;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.AvErrors;
import io.peerwall.decoder.CodedFrames;
import io.peerwall.decoder.ParameterSetInjector;
import io.peerwall.decoder.VideoCodec;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the video stream of a file, a network stream (RTSP) or a capture device with FFmpeg's
 * demuxers, as {@link AccessUnit}s: H.264/H.265 converted to Annex B ({@code *_mp4toannexb}, a
 * no-op for streams that already are) with the parameter sets in front of every keyframe, other
 * codecs as they are. Apart from that the coded bytes are the container's, untouched (no
 * re-encoding).
 *
 * <p>Timestamps are the container's, in microseconds ({@code ptsMicros} of the unit, {@link
 * #lastDtsMicros()}); callers retime them. Blocking calls are bounded by the {@link InputOptions}
 * timeouts and can be cut short from another thread with {@link #abort()}.
 *
 * <p>Not thread-safe apart from {@link #abort()}: one thread reads and closes. Native memory is
 * freed by {@link #close()}.
 */
public final class MediaInput implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MediaInput.class);

  static {
    // RTSP and other network protocols need this once per process (TLS, sockets on Windows).
    avformat_network_init();
  }

  private final String displayName;
  private final InputOptions options;
  private final IoInterrupter interrupter;

  private Demuxer demuxer; // null until opened and once closed
  private AVPacket packet;
  private AVPacket filtered;
  private AnnexBFilter annexB;
  private ParameterSetInjector parameterSets;
  // Both set once the stream is found; an instance is only handed out after that.
  private VideoStreamInfo info;
  private PacketTiming timing;
  private boolean inputEnded;

  private MediaInput(String displayName, InputOptions options, AtomicBoolean cancelled) {
    this.displayName = displayName;
    this.options = options;
    this.interrupter = new IoInterrupter(cancelled);
  }

  /**
   * Opens {@code url} (a file path, rtsp://..., /dev/video0 with format video4linux2) and finds its
   * video stream.
   *
   * @param displayName how to name the input in messages (already redacted, no credentials)
   * @throws InputException naming the input and FFmpeg's reason if it cannot be opened or has no
   *     video stream
   */
  public static MediaInput open(String url, String displayName, InputOptions options)
      throws InputException {
    return open(url, displayName, options, null);
  }

  /**
   * Like {@link #open(String, String, InputOptions)}, cancellable: setting {@code cancelled} from
   * another thread makes the open (and every later read) return with an error at once.
   */
  public static MediaInput open(
      String url, String displayName, InputOptions options, AtomicBoolean cancelled)
      throws InputException {
    MediaInput input = new MediaInput(displayName, options, cancelled);
    try {
      input.openContext(url);
      return input;
    } catch (InputException | RuntimeException e) {
      input.close();
      throw e;
    }
  }

  private void openContext(String url) throws InputException {
    demuxer = Demuxer.open(url, displayName, options, interrupter);
    AVStream stream = demuxer.videoStream();
    info = new VideoStreamInfo(stream, displayName);
    timing = new PacketTiming(info.timeBaseNum, info.timeBaseDen);
    VideoCodec codec = info.codec;
    packet = av_packet_alloc();
    filtered = av_packet_alloc();
    if (packet == null || filtered == null) {
      throw new IllegalStateException("out of memory allocating packets");
    }
    if (codec != null) {
      parameterSets = new ParameterSetInjector(codec);
      if (codec.usesNalUnits()) {
        annexB = AnnexBFilter.open(stream, codec, displayName, interrupter);
        if (annexB.extradata() != null) {
          parameterSets.learn(annexB.extradata());
        }
      }
    }
    log.debug(
        "Opened {}: {} {}x{} @ {} fps, format {}",
        displayName,
        info.codecName,
        info.width,
        info.height,
        String.format(java.util.Locale.ROOT, "%.2f", info.frameRate),
        demuxer.formatName());
  }

  /** The video codec if it is one PeerWall passes through, else null (see {@link #codecName()}). */
  public VideoCodec codec() {
    return info.codec;
  }

  /** FFmpeg's name of the video codec, e.g. "h264", "mjpeg", "rawvideo". */
  public String codecName() {
    return info.codecName;
  }

  /** Coded width from the container or stream headers; 0 if unknown. */
  public int width() {
    return info.width;
  }

  /** Coded height; 0 if unknown. */
  public int height() {
    return info.height;
  }

  /** Average frame rate the container declares; 0 if unknown. */
  public double frameRate() {
    return info.frameRate;
  }

  /** The video stream's parameters, for decoding raw packets; valid until {@link #close()}. */
  public AVCodecParameters codecParameters() {
    ensureOpen();
    return demuxer.videoStream().codecpar();
  }

  /** Decode timestamp of the last unit or packet read, in microseconds; MIN_VALUE if unknown. */
  public long lastDtsMicros() {
    return timing.lastDtsMicros();
  }

  /** Presentation time of the last unit or packet read, in microseconds; MIN_VALUE if unknown. */
  public long lastPtsMicros() {
    return timing.lastPtsMicros();
  }

  /** Duration of the last unit or packet read, in microseconds; 0 if the container has none. */
  public long lastDurationMicros() {
    return timing.lastDurationMicros();
  }

  /**
   * Reads the next access unit of the video stream.
   *
   * @return the unit (ptsMicros on the container's timeline, captureEpochMicros 0, keyframe as the
   *     bitstream says), or null at the end of the input
   * @throws InputException on a read error or a stall longer than the read timeout, naming the
   *     input
   * @throws IllegalStateException if the codec is not one PeerWall passes through
   */
  public AccessUnit readUnit() throws InputException {
    ensureOpen();
    if (info.codec == null) {
      throw new IllegalStateException(
          displayName + ": " + info.codecName + " cannot be passed through");
    }
    while (true) {
      if (annexB == null) {
        AVPacket raw = readPacket();
        return raw == null ? null : toUnit(raw);
      }
      int result = annexB.receive(filtered);
      if (result == 0) {
        try {
          return toUnit(filtered);
        } finally {
          av_packet_unref(filtered);
        }
      }
      if (result == AVERROR_EOF) {
        return null;
      }
      if (result != AVERROR_EAGAIN()) {
        throw new InputException(
            displayName + ": bitstream filter failed", interrupter.describe(result), result);
      }
      AVPacket raw = readPacket();
      // A null packet flushes the filter; it then reports end of stream.
      result = annexB.send(raw);
      if (raw != null) {
        av_packet_unref(raw);
      }
      if (result < 0 && result != AVERROR_EOF) {
        throw new InputException(
            displayName + ": bitstream filter failed", interrupter.describe(result), result);
      }
    }
  }

  /**
   * Reads the next packet of the video stream as the container stores it (no bitstream filter), for
   * sources that decode it themselves (webcams).
   *
   * @return a packet owned by this input, valid until the next read; null at the end of the input
   */
  public AVPacket readPacket() throws InputException {
    ensureOpen();
    if (inputEnded) {
      return null;
    }
    while (true) {
      av_packet_unref(packet);
      interrupter.arm(options.readTimeout().toNanos());
      int result = demuxer.read(packet);
      if (result == AVERROR_EOF) {
        inputEnded = true;
        return null;
      }
      if (result < 0) {
        throw new InputException(
            "cannot read " + displayName, interrupter.describe(result), result);
      }
      if (demuxer.isVideo(packet)) {
        timing.note(packet);
        return packet;
      }
    }
  }

  private AccessUnit toUnit(AVPacket unitPacket) {
    timing.note(unitPacket);
    byte[] data = new byte[unitPacket.size()];
    unitPacket.data().get(data);
    data = parameterSets.process(data);
    long pts =
        unitPacket.pts() != AV_NOPTS_VALUE
            ? timing.toMicros(unitPacket.pts())
            : timing.lastDtsMicros();
    if (pts == Long.MIN_VALUE) {
      pts = 0;
    }
    return new AccessUnit(info.codec, data, pts, 0L, CodedFrames.isKeyframe(info.codec, data));
  }

  /**
   * Goes back to the start of the input, for looping a file.
   *
   * @return false if the input cannot seek (then reopen it)
   */
  public boolean rewind() {
    ensureOpen();
    interrupter.arm(TimeUnit.SECONDS.toNanos(10));
    int result = demuxer.seekToStart();
    if (result < 0) {
      log.debug("{} cannot seek to its start: {}", displayName, AvErrors.describe(result));
      return false;
    }
    if (annexB != null) {
      annexB.flush();
    }
    inputEnded = false;
    return true;
  }

  /** Makes a blocked open or read return with an error now, and every later one. Thread-safe. */
  public void abort() {
    interrupter.abort();
  }

  private void ensureOpen() {
    if (demuxer == null) {
      throw new IllegalStateException(displayName + " is closed");
    }
  }

  /** Frees all native memory. Idempotent. */
  @Override
  public void close() {
    if (annexB != null) {
      annexB.close();
      annexB = null;
    }
    if (packet != null) {
      av_packet_free(packet);
      packet = null;
    }
    if (filtered != null) {
      av_packet_free(filtered);
      filtered = null;
    }
    if (demuxer != null) {
      demuxer.close();
      demuxer = null;
    }
    interrupter.close();
  }

  @Override
  public String toString() {
    return "MediaInput["
        + displayName
        + ", "
        + info.codecName
        + " "
        + info.width
        + "x"
        + info.height
        + "]";
  }
}
