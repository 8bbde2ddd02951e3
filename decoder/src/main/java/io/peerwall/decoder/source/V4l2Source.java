package io.peerwall.decoder.source;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.demux.InputException;
import io.peerwall.decoder.demux.InputOptions;
import io.peerwall.decoder.demux.MediaInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avdevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A USB webcam (Video4Linux2) encoded to H.264: FFmpeg's v4l2 capture, decoded (raw or MJPEG),
 * scaled and encoded with libopenh264 at the requested size, frame rate and bit rate. A keyframe
 * request makes the next picture an IDR.
 *
 * <p>A device that is absent, busy (another program has it open) or not accessible fails {@link
 * #start} with a {@link SourceException} that says which and what to do. A webcam unplugged while
 * running is retried with backoff (RECONNECTING) until it comes back or the source is stopped.
 *
 * <p>A {@link SubStreamEncoder} can tap the pictures before they are encoded, for a sub stream.
 */
public final class V4l2Source extends EncodingSource {

  private static final Logger log = LoggerFactory.getLogger(V4l2Source.class);

  // errno values as FFmpeg reports them: AVERROR(e) = -e on Linux.
  private static final int ENOENT = -2;
  private static final int ENXIO = -6;
  private static final int EACCES = -13;
  private static final int EBUSY = -16;
  private static final int ENODEV = -19;
  private static final int EINVAL = -22;
  private static final int ENOTTY = -25;

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  static {
    // The v4l2 input lives in libavdevice, which registers its formats only when asked.
    avdevice.avdevice_register_all();
  }

  private final Path device;

  /**
   * @param device e.g. /dev/video0
   * @param width requested capture and encoding width (the device may offer the nearest size)
   */
  public V4l2Source(
      String name,
      Path device,
      int width,
      int height,
      int fps,
      int bitrateBps,
      int gopFrames,
      MediaClock clock) {
    super(name, "webcam " + device, "v4l2", clock, width, height, fps, bitrateBps, gopFrames);
    if (width < 64 || height < 64 || fps < 1 || fps > 120 || bitrateBps < 10_000 || gopFrames < 1) {
      throw new IllegalArgumentException(
          "bad webcam settings " + width + "x" + height + "@" + fps + ", " + bitrateBps + " bit/s");
    }
    this.device = device;
  }

  public Path device() {
    return device;
  }

  @Override
  protected Worker open(Run run) {
    MediaInput input = openDevice(run.cancelled);
    try {
      // The device may round the size; encode what it gives, made even for 4:2:0.
      int encodeWidth = (input.width() > 0 ? input.width() : width) & ~1;
      int encodeHeight = (input.height() > 0 ? input.height() : height) & ~1;
      int encodeFps = input.frameRate() >= 1 ? (int) Math.round(input.frameRate()) : fps;
      PacketDecoder decoder = new PacketDecoder(input.codecParameters());
      H264Encoder encoder;
      try {
        encoder = newTappedEncoder(encodeWidth, encodeHeight, encodeFps);
      } catch (RuntimeException e) {
        decoder.close();
        throw e;
      }
      run.format(VideoCodec.H264, encodeWidth, encodeHeight);
      return new CaptureWorker(input, decoder, encoder);
    } catch (RuntimeException e) {
      input.close();
      throw e instanceof SourceException se
          ? se
          : new SourceException(description, e.getMessage(), e);
    }
  }

  private MediaInput openDevice(AtomicBoolean cancelled) {
    if (!Files.exists(device)) {
      throw new SourceException(
          description, "no such device (is the webcam plugged in? see ls /dev/video*)");
    }
    InputOptions options =
        new InputOptions(
            "video4linux2",
            Map.of("video_size", width + "x" + height, "framerate", Integer.toString(fps)),
            Duration.ofSeconds(10),
            READ_TIMEOUT);
    try {
      return MediaInput.open(device.toString(), description, options, cancelled);
    } catch (InputException e) {
      throw new SourceException(description, explain(e), e);
    }
  }

  /** Turns the errno of a failed open into a reason a user can act on. */
  static String explain(InputException e) {
    return switch (e.errorCode()) {
      case EBUSY -> "device is busy: another program is using the webcam";
      case EACCES -> "permission denied: add the user to the 'video' group";
      case ENOENT, ENXIO, ENODEV -> "no such device (is the webcam plugged in?)";
      case EINVAL, ENOTTY -> "not a video capture device (" + e.reason() + ")";
      default -> e.reason();
    };
  }

  /** Captures, decodes, encodes; reopens the device with backoff if it goes away. */
  private final class CaptureWorker implements Worker {
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    private MediaInput input;
    private PacketDecoder decoder;
    private H264Encoder encoder;
    private long frameIndex;

    CaptureWorker(MediaInput input, PacketDecoder decoder, H264Encoder encoder) {
      this.input = input;
      this.decoder = decoder;
      this.encoder = encoder;
    }

    @Override
    public void run(Run run) {
      while (run.active()) {
        if (input == null) {
          reopen(run);
          continue;
        }
        AVPacket packet;
        try {
          packet = input.readPacket();
        } catch (InputException e) {
          lose(run, explain(e));
          continue;
        }
        if (packet == null) {
          lose(run, "the device stopped delivering");
          continue;
        }
        if (run.takeKeyframeRequest()) {
          encoder.requestKeyframe();
        }
        long capture = clock.epochMicros();
        long pts = run.elapsedMicros();
        decoder.decode(
            packet,
            picture ->
                encoder.encodeFrame(
                    picture,
                    frameIndex++,
                    unit ->
                        run.deliver(
                            new AccessUnit(
                                unit.codec(), unit.data(), pts, capture, unit.keyframe()))));
      }
    }

    private void lose(Run run, String reason) {
      if (!run.active()) {
        return;
      }
      log.warn("Webcam {} ({}) lost: {}; retrying", name, device, reason);
      run.lost(reason);
      closeInput();
    }

    private void reopen(Run run) {
      if (!run.sleep(backoff.nextDelayNanos())) {
        return;
      }
      try {
        MediaInput reopened = openDevice(run.cancelled);
        input = reopened;
        decoder = new PacketDecoder(reopened.codecParameters());
        if (reopened.width() > 0 && (reopened.width() & ~1) != encoder.width()
            || reopened.height() > 0 && (reopened.height() & ~1) != encoder.height()) {
          log.info(
              "Webcam {} came back at {}x{}; scaling to {}x{}",
              name,
              reopened.width(),
              reopened.height(),
              encoder.width(),
              encoder.height());
        }
        // The stations' decoders lost their place: start the new capture with an IDR.
        encoder.requestKeyframe();
        backoff.reset();
        run.reconnected();
      } catch (SourceException | IllegalStateException e) {
        closeInput();
        run.retryFailed(e.getMessage());
      }
    }

    private void closeInput() {
      if (decoder != null) {
        decoder.close();
        decoder = null;
      }
      if (input != null) {
        input.close();
        input = null;
      }
    }

    @Override
    public void close() {
      closeInput();
      encoder.close();
    }
  }
}
