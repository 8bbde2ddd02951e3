package io.peerwall.decoder.mux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale;

import io.peerwall.decoder.Redaction;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.demux.InputOptions;
import io.peerwall.decoder.demux.MediaInput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a wall-clock time range of a recording, across as many segments as it spans, to one
 * standard MP4 that browsers and common players open: stream copy (the camera's own bytes, no
 * re-encoding), "faststart" (index at the front, so it plays while downloading).
 *
 * <p>The export starts at the keyframe at or before the requested start, so the first picture
 * decodes, and ends with the last picture at or before the requested end. Timestamps follow the
 * wall clock: a gap between segments (a camera outage) shows as the last picture held for the gap.
 * The file is written under a temporary name and moved into place when complete, so a reader never
 * sees half an export.
 */
public final class Mp4Exporter {

  private static final Logger log = LoggerFactory.getLogger(Mp4Exporter.class);

  /** MP4 time scale we ask for: 90 kHz, as the segments. */
  private static final int TIME_BASE = 90_000;

  // MKTAG('h','v','c','1'): the H.265 sample entry Apple players and browsers require.
  private static final int TAG_HVC1 = 'h' | ('v' << 8) | ('c' << 16) | ('1' << 24);

  private Mp4Exporter() {}

  /** How the MP4 is laid out. */
  public enum Layout {
    /**
     * One movie box in front of one media box ("faststart"): FFmpeg writes the media, then rewrites
     * the whole file to move the index in front.
     */
    FASTSTART,
    /**
     * The index (an empty movie box) in front, then one fragment (moof + mdat) per GOP, written box
     * after box and needing no seeking, so it can be written strictly in order and hashed as it is
     * written (signed exports, {@link ByteTap}, docs/decisions/0057). No fragment index at the end.
     */
    FRAGMENTED
  }

  /**
   * Asked before each packet is copied: may wait (to bound the read rate, so an export does not
   * starve the live wall of disk bandwidth) or throw to stop the export (Cancel), in which case the
   * partial file is deleted.
   */
  @FunctionalInterface
  public interface ReadGate {
    ReadGate NONE = bytes -> {};

    void beforePacket(int bytes) throws IOException;
  }

  /** {@link #export(List, long, long, Path, String, Layout)} with {@link Layout#FASTSTART}. */
  public static ExportResult export(
      List<RecordedSegment> segments,
      long fromEpochMicros,
      long toEpochMicros,
      Path output,
      String title)
      throws IOException {
    return export(segments, fromEpochMicros, toEpochMicros, output, title, Layout.FASTSTART);
  }

  /**
   * Writes the pictures between {@code fromEpochMicros} and {@code toEpochMicros} (wall clock) to
   * {@code output}.
   *
   * @param segments the recording's segments covering the range, in any order
   * @param title stored as the MP4 title (e.g. the camera name); null for none
   * @param layout faststart (one index in front) or fragmented (append-only)
   * @throws IOException if no picture falls in the range, the segments differ in codec or picture
   *     size (export those parts separately), or reading or writing fails
   */
  public static ExportResult export(
      List<RecordedSegment> segments,
      long fromEpochMicros,
      long toEpochMicros,
      Path output,
      String title,
      Layout layout)
      throws IOException {
    return export(segments, fromEpochMicros, toEpochMicros, output, title, layout, ReadGate.NONE);
  }

  /**
   * A gate that only stops the export when {@code cancelled} says so (asked before every packet, on
   * the exporting thread): the temporary file is removed and nothing appears under the output's
   * name; the export throws {@link InterruptedIOException}.
   */
  public static ReadGate cancelledBy(BooleanSupplier cancelled) {
    java.util.Objects.requireNonNull(cancelled, "cancelled");
    return bytes -> {
      if (cancelled.getAsBoolean()) {
        throw new InterruptedIOException("the export was cancelled");
      }
    };
  }

  /**
   * {@link #export(List, long, long, Path, String, Layout)}, asking {@code gate} before each
   * packet.
   */
  public static ExportResult export(
      List<RecordedSegment> segments,
      long fromEpochMicros,
      long toEpochMicros,
      Path output,
      String title,
      Layout layout,
      ReadGate gate)
      throws IOException {
    return export(segments, fromEpochMicros, toEpochMicros, output, title, layout, gate, null);
  }

  /**
   * {@link #export(List, long, long, Path, String, Layout, ReadGate)}, showing {@code tap} every
   * byte of the file as it is written, in order (how a signed export is hashed without reading the
   * file back). Only {@link Layout#FRAGMENTED}: a faststart export rewrites the file at its end.
   *
   * @param tap null for none
   */
  public static ExportResult export(
      List<RecordedSegment> segments,
      long fromEpochMicros,
      long toEpochMicros,
      Path output,
      String title,
      Layout layout,
      ReadGate gate,
      ByteTap tap)
      throws IOException {
    if (tap != null && layout != Layout.FRAGMENTED) {
      throw new IllegalArgumentException("only a fragmented export is written in order");
    }
    if (toEpochMicros < fromEpochMicros) {
      throw new IllegalArgumentException("the range ends before it starts");
    }
    List<RecordedSegment> ordered = new ArrayList<>(segments);
    ordered.sort(Comparator.comparingLong(RecordedSegment::startEpochMicros));
    Path absolute = output.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".part");
    Export export = new Export(fromEpochMicros, toEpochMicros, temporary, title, layout, gate, tap);
    try {
      for (RecordedSegment segment : ordered) {
        if (export.finished) {
          break;
        }
        export.read(segment);
      }
      export.complete();
    } catch (IOException | RuntimeException e) {
      export.release();
      Files.deleteIfExists(temporary);
      throw e;
    }
    try {
      Files.move(
          temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
    ExportResult result =
        new ExportResult(
            absolute,
            export.frames,
            export.durationMicros(),
            Files.size(absolute),
            export.startEpoch,
            export.segmentsUsed,
            export.bytesWritten);
    log.info("Exported {}", result);
    return result;
  }

  /** The state of one export while the segments are read. */
  private static final class Export {
    private final long from;
    private final long to;
    private final Path file;
    private final String title;
    private final Layout layout;
    private final ReadGate gate;
    private final ByteTap tap;
    // The GOP in progress before the range starts: written if the range starts inside it.
    private final Deque<Pending> pending = new ArrayDeque<>();
    private OutputFile output;
    private long timeBaseNum;
    private long timeBaseDen;
    private VideoCodec codec;
    private int width;
    private int height;
    private long startEpoch = Long.MIN_VALUE;
    private long lastTicks = -1;
    private long lastEpoch;
    private long lastStep;
    private long frames;
    private AVPacket held; // the newest packet, written once the next one gives its duration
    private int segmentsUsed;
    private boolean finished;
    private long bytesWritten;

    private record Pending(AVPacket packet, long epochMicros) {}

    Export(long from, long to, Path file, String title, Layout layout, ReadGate gate, ByteTap tap) {
      this.gate = java.util.Objects.requireNonNull(gate, "gate");
      this.tap = tap;
      this.from = from;
      this.to = to;
      this.file = file;
      this.title = title;
      this.layout = java.util.Objects.requireNonNull(layout, "layout");
    }

    void read(RecordedSegment segment) throws IOException {
      String name = Redaction.redact(segment.file().toString());
      try (MediaInput input =
          MediaInput.open(segment.file().toString(), name, InputOptions.file())) {
        checkSameStream(input, name);
        boolean used = false;
        long firstPts = Long.MIN_VALUE;
        AVPacket packet;
        while ((packet = input.readPacket()) != null) {
          gate.beforePacket(packet.size());
          if (firstPts == Long.MIN_VALUE) {
            firstPts = input.lastPtsMicros();
          }
          long epoch = segment.startEpochMicros() + (input.lastPtsMicros() - firstPts);
          boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
          if (output == null) {
            if (epoch < from) {
              hold(packet, key, epoch);
              continue;
            }
            if (epoch > to) {
              finished = true;
              return;
            }
            if (key) {
              dropPending();
            } else if (pending.isEmpty()) {
              continue; // nothing decodable yet: wait for a keyframe
            }
            openOutput(input.codecParameters());
            flushPending();
          }
          if (epoch > to) {
            finished = true;
            break;
          }
          writePacket(packet, epoch);
          used = true;
        }
        segmentsUsed += used ? 1 : 0;
      }
    }

    private void checkSameStream(MediaInput input, String name) throws IOException {
      if (input.codec() == null) {
        throw new IOException(name + " holds " + input.codecName() + ", not H.264 or H.265");
      }
      if (codec == null) {
        codec = input.codec();
        width = input.width();
        height = input.height();
      } else if (codec != input.codec() || width != input.width() || height != input.height()) {
        throw new IOException(
            "the range spans a change of stream ("
                + codec
                + " "
                + width
                + "x"
                + height
                + " to "
                + input.codec()
                + " "
                + input.width()
                + "x"
                + input.height()
                + " in "
                + name
                + "): export the parts before and after it separately");
      }
    }

    private void hold(AVPacket packet, boolean key, long epoch) {
      if (key) {
        dropPending();
      } else if (pending.isEmpty()) {
        return; // not decodable from anything we hold
      }
      AVPacket copy = av_packet_clone(packet);
      if (copy == null) {
        throw new IllegalStateException("out of memory copying a packet");
      }
      pending.add(new Pending(copy, epoch));
    }

    private void dropPending() {
      for (Pending p : pending) {
        av_packet_free(p.packet());
      }
      pending.clear();
    }

    private void flushPending() throws IOException {
      while (!pending.isEmpty()) {
        Pending p = pending.removeFirst();
        try {
          writePacket(p.packet(), p.epochMicros());
        } finally {
          av_packet_free(p.packet());
        }
      }
    }

    private void openOutput(AVCodecParameters parameters) throws IOException {
      output = new OutputFile(file, "mp4");
      output.copyParameters(parameters, codec == VideoCodec.H265 ? TAG_HVC1 : 0, TIME_BASE);
      Map<String, String> metadata = new LinkedHashMap<>();
      long firstEpoch = pending.isEmpty() ? from : pending.peekFirst().epochMicros();
      metadata.put("creation_time", Instant.ofEpochMilli(firstEpoch / 1000).toString());
      if (title != null && !title.isBlank()) {
        metadata.put("title", title);
      }
      // faststart: the index goes in front of the media, so players start before the end arrives.
      // fragmented: an empty index in front, a fragment per keyframe, nothing rewritten at the end
      // (skip_trailer: no fragment index, which would be written after the last fragment).
      String flags =
          layout == Layout.FASTSTART
              ? "+faststart"
              : "+frag_keyframe+empty_moov+default_base_moof+skip_trailer";
      output.open(Map.of("movflags", flags), metadata, tap);
      timeBaseNum = output.timeBaseNum();
      timeBaseDen = output.timeBaseDen();
    }

    private void writePacket(AVPacket packet, long epoch) throws IOException {
      if (startEpoch == Long.MIN_VALUE) {
        startEpoch = epoch;
      }
      long micros = epoch - startEpoch;
      long ticks = av_rescale(micros, timeBaseDen, 1_000_000L * timeBaseNum);
      if (ticks <= lastTicks) {
        ticks = lastTicks + 1;
      }
      long step = lastTicks < 0 ? 0 : ticks - lastTicks;
      // A sample lasts until the next one starts, which only the next packet tells: hold each
      // packet back by one. (Giving a packet the interval *before* it made the container longer
      // than its track after a recording gap.)
      writeHeld(step);
      held = av_packet_clone(packet);
      if (held == null) {
        throw new IllegalStateException("out of memory copying a packet");
      }
      held.pts(ticks).dts(ticks).pos(-1);
      lastStep = step > 0 ? step : lastStep;
      lastTicks = ticks;
      lastEpoch = epoch;
      frames++;
    }

    /** Writes the held packet, lasting {@code duration} ticks; nothing if none is held. */
    private void writeHeld(long duration) throws IOException {
      if (held == null) {
        return;
      }
      try {
        held.duration(duration > 0 ? duration : 1);
        output.write(held);
      } finally {
        av_packet_free(held);
        held = null;
      }
    }

    long durationMicros() {
      if (frames == 0) {
        return 0;
      }
      long stepMicros = av_rescale(lastStep, 1_000_000L * timeBaseNum, timeBaseDen);
      return lastEpoch - startEpoch + stepMicros;
    }

    void complete() throws IOException {
      dropPending();
      // The last picture repeats the last spacing: there is no next packet to tell.
      writeHeld(lastStep);
      if (output == null) {
        throw new IOException(
            "no recorded picture between "
                + Instant.ofEpochMilli(from / 1000)
                + " and "
                + Instant.ofEpochMilli(to / 1000));
      }
      output.finish();
      bytesWritten = output.bytesWritten();
      output.close();
    }

    void release() {
      dropPending();
      if (held != null) {
        av_packet_free(held);
        held = null;
      }
      if (output != null) {
        output.close();
      }
    }
  }
}
