package io.peerwall.recorder.export;

import io.peerwall.decoder.mux.ExportResult;
import io.peerwall.decoder.mux.Mp4Exporter;
import io.peerwall.decoder.mux.RecordedSegment;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.SignedExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Exports one camera's recording over a time range to an MP4 (stream copy across segments,
 * faststart) with the decoder's {@link Mp4Exporter}, finding the segments in the index and
 * reporting progress while it runs.
 *
 * <p>Progress: the exporter has no progress callback, so a {@code recorder-export-progress} thread
 * watches the size of the file being written ({@code <output>.part}) against the bytes of video in
 * the range, five times a second. The last phase (moving the index to the front for faststart) is
 * reported as such.
 */
public final class ClipExport {
  /**
   * MP4 is a little smaller than MPEG-TS for the same frames (no 4-byte TS headers, no PAT/PMT).
   */
  private static final double MP4_OVER_TS = 0.96;

  private ClipExport() {}

  /**
   * Progress of an export.
   *
   * @param fraction 0..1 of the frames copied (an estimate from sizes)
   * @param phase "copying" or "finishing" (writing the MP4 index in front)
   */
  public record Progress(double fraction, long bytesWritten, long bytesExpected, String phase) {}

  /**
   * The export and what it skipped.
   *
   * @param signature how it was signed; empty for an unsigned export
   */
  public record Result(
      ExportResult export, List<Path> missingSegments, Optional<SignedExport> signature) {}

  /**
   * Exports {@code cameraId} from {@code fromMicros} to {@code toMicros} (wall clock) to {@code
   * output}; starts at the keyframe at or before the start.
   *
   * @throws IOException when nothing was recorded in the range, the range spans a codec change (the
   *     message says where), or reading or writing fails
   */
  public static Result export(
      Recordings recordings,
      String cameraId,
      long fromMicros,
      long toMicros,
      Path output,
      Consumer<Progress> progress)
      throws IOException {
    return export(recordings, cameraId, fromMicros, toMicros, output, progress, null);
  }

  /**
   * {@link #export(Recordings, String, long, long, Path, Consumer)}, signed by {@code signer} when
   * it is not null (docs/evidence.md): the MP4 is then fragmented (hashed while it is written),
   * signed under a temporary name and moved into place signed, so no unsigned file ever carries the
   * output's name.
   */
  public static Result export(
      Recordings recordings,
      String cameraId,
      long fromMicros,
      long toMicros,
      Path output,
      Consumer<Progress> progress,
      ExportSigner signer)
      throws IOException {
    return export(
        recordings, cameraId, fromMicros, toMicros, output, progress, signer, Options.NONE);
  }

  /**
   * What an export may carry besides the video, and how to stop it.
   *
   * @param bookmarks carried inside the signature of a signed export (decision 0087); an unsigned
   *     export has no place for them and leaves them out
   * @param cancelled asked before every packet on the exporting thread: when it says true the
   *     export stops, its temporary files are removed and {@link java.io.InterruptedIOException} is
   *     thrown
   */
  public record Options(
      List<io.peerwall.recorder.evidence.ExportDescription.Bookmark> bookmarks,
      BooleanSupplier cancelled) {
    /** No bookmarks, never cancelled. */
    public static final Options NONE = new Options(List.of(), () -> false);

    public Options {
      bookmarks = List.copyOf(bookmarks);
      Objects.requireNonNull(cancelled, "cancelled");
    }
  }

  /**
   * {@link #export(Recordings, String, long, long, Path, Consumer, ExportSigner)} with bookmarks
   * and a way to cancel ({@link Options}).
   */
  public static Result export(
      Recordings recordings,
      String cameraId,
      long fromMicros,
      long toMicros,
      Path output,
      Consumer<Progress> progress,
      ExportSigner signer,
      Options options)
      throws IOException {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(options, "options");
    if (toMicros <= fromMicros) {
      throw new IllegalArgumentException("the range ends before it starts");
    }
    List<SegmentInfo> segments = recordings.segments(cameraId, fromMicros, toMicros);
    List<RecordedSegment> present = new ArrayList<>();
    List<Path> missing = new ArrayList<>();
    long expected = 0;
    for (SegmentInfo s : segments) {
      if (!Files.exists(s.file())) {
        missing.add(s.file());
        continue;
      }
      present.add(new RecordedSegment(s.file(), s.startMicros()));
      expected += bytesInRange(s, fromMicros, toMicros);
    }
    if (present.isEmpty()) {
      throw new IOException(
          "nothing recorded for "
              + cameraId
              + " between "
              + Instant.ofEpochMilli(fromMicros / 1000)
              + " and "
              + Instant.ofEpochMilli(toMicros / 1000)
              + (missing.isEmpty() ? "" : " (" + missing.size() + " segment file(s) are missing)"));
    }
    Path absolute = output.toAbsolutePath();
    Path written = signer == null ? absolute : SignedClipExport.unsignedPath(absolute);
    Path part = written.resolveSibling(written.getFileName() + ".part");
    long expectedMp4 = Math.max(1, (long) (expected * MP4_OVER_TS));
    String title =
        recordings.cameras().stream()
            .filter(c -> c.cameraId().equals(cameraId))
            .map(Recordings.CameraInfo::name)
            .findFirst()
            .orElse(cameraId);
    ScheduledExecutorService watcher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "recorder-export-progress");
              t.setDaemon(true);
              return t;
            });
    try {
      watcher.scheduleAtFixedRate(
          () -> report(part, expectedMp4, progress), 200, 200, TimeUnit.MILLISECONDS);
      ExportResult result;
      Optional<SignedExport> signature = Optional.empty();
      if (signer == null) {
        result =
            Mp4Exporter.export(
                present,
                fromMicros,
                toMicros,
                absolute,
                title,
                Mp4Exporter.Layout.FASTSTART,
                options.cancelled());
      } else {
        SignedClipExport signed =
            SignedClipExport.run(
                signer, present, fromMicros, toMicros, absolute, title, cameraId, options);
        result = signed.export();
        signature = Optional.of(signed.signature());
      }
      watcher.shutdownNow();
      awaitQuietly(watcher);
      progress.accept(new Progress(1.0, result.bytes(), expectedMp4, "done"));
      return new Result(result, List.copyOf(missing), signature);
    } finally {
      watcher.shutdownNow();
    }
  }

  private static void report(Path part, long expected, Consumer<Progress> progress) {
    try {
      long written = Files.exists(part) ? Files.size(part) : 0;
      double fraction = Math.min(0.99, written / (double) expected);
      progress.accept(
          new Progress(fraction, written, expected, written >= expected ? "finishing" : "copying"));
    } catch (IOException | RuntimeException e) {
      // The file moved into place between the check and the size: the export is ending.
    }
  }

  /** The bytes of a segment that fall in [from, to), pro rata by time. */
  static long bytesInRange(SegmentInfo s, long from, long to) {
    long duration = Math.max(1, s.durationMicros());
    long start = Math.max(s.startMicros(), from);
    long end = Math.min(s.endMicros(), to);
    if (end <= start) {
      return 0;
    }
    return (long) (s.bytes() * ((end - start) / (double) duration));
  }

  private static void awaitQuietly(ScheduledExecutorService executor) {
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
