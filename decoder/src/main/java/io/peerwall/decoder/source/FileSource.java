package io.peerwall.decoder.source;

import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.Redaction;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.demux.InputException;
import io.peerwall.decoder.demux.InputOptions;
import io.peerwall.decoder.demux.MediaInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A simulated camera that loops a video file (MP4, MKV, TS, raw H.264/H.265, WebM...) forever,
 * passing its packets through without re-encoding: {@code av_read_frame}, H.264/H.265 converted to
 * Annex B with the parameter sets on every keyframe, retimed onto a continuous timeline and
 * released in real time, stamped with the wall clock. The NAL units are the file's, byte for byte.
 *
 * <p>This is how many-camera tests and benchmarks stay cheap: reading packets costs almost nothing
 * next to encoding. A keyframe request jumps to the file's next keyframe. If the file becomes
 * unreadable the source retries with backoff (state RECONNECTING).
 */
public final class FileSource extends DemuxedSource {

  private final Path file;

  public FileSource(String name, Path file) {
    this(name, file, MediaClock.system());
  }

  public FileSource(String name, Path file, MediaClock clock) {
    super(
        name,
        "file:" + Redaction.redact(file.toString()),
        "file",
        clock,
        EnumSet.allOf(VideoCodec.class));
    this.file = file;
  }

  public Path file() {
    return file;
  }

  @Override
  protected MediaInput openInput(AtomicBoolean cancelled) throws InputException {
    if (!Files.exists(file)) {
      throw new InputException("cannot open " + description, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new InputException("cannot open " + description, "not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new InputException("cannot open " + description, "permission denied");
    }
    return MediaInput.open(file.toString(), description, InputOptions.file(), cancelled);
  }

  @Override
  protected String explain(InputException e) {
    String reason = e.reason();
    if (reason.contains("Invalid data found")) {
      return "not a video file FFmpeg can read (" + reason + ")";
    }
    return reason;
  }

  @Override
  protected boolean paced() {
    return true;
  }

  @Override
  protected boolean loops() {
    return true;
  }

  @Override
  protected boolean skipsToKeyframe() {
    return true;
  }
}
