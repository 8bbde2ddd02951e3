package io.peerwall.station.evidence;

import io.peerwall.cli.AppDirs;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.recorder.evidence.ExportDescription;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.export.ClipExport;
import io.peerwall.recorder.review.Bookmark;
import io.peerwall.recorder.review.ReviewIndex;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's one way to export recordings (decision 0088): what the CLI's {@code export} and the
 * review screen call. Every export is signed with the station's key (unless made without a signer),
 * carries the bookmarks that overlap it inside the signature, and is appended to the export log
 * with the file's SHA-256 before this returns; an export that cannot be logged is removed, so no
 * file leaves the station without its log entry.
 *
 * <p>Several cameras give one file per camera (an export holds one video track): with one camera
 * the output is the file; with several, each file is the output's name with the camera's name added
 * before the extension ({@link ExportFiles}).
 *
 * <p>{@link #export} blocks for as long as the export runs (seconds for an hour of one camera) and
 * does file and index I/O: call it on a thread of your own, never on the FX thread. Progress is
 * reported on the recorder's progress thread and on the calling thread. Thread-safe: each call
 * opens its own index connections.
 */
public final class Exports {
  private static final Logger log = LoggerFactory.getLogger(Exports.class);

  private final Path dataDir;
  private final ExportSigner signer;
  private final String operator;
  private final String refusal;

  /**
   * @param dataDir the station's data directory (recordings, index)
   * @param signer signs every export; null exports unsigned (still logged, as unsigned)
   * @param operator who exports (the OS user, {@link Operator#current()})
   */
  public Exports(Path dataDir, ExportSigner signer, String operator) {
    this(dataDir, signer, operator, null);
  }

  private Exports(Path dataDir, ExportSigner signer, String operator, String refusal) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.signer = signer;
    this.operator = Objects.requireNonNull(operator, "operator");
    this.refusal = refusal;
  }

  /**
   * Exports that refuse, saying why: the station's key cannot be used, and an export must not leave
   * unsigned as if nothing were wrong.
   */
  public static Exports refusing(Path dataDir, String why) {
    return new Exports(dataDir, null, Operator.current(), Objects.requireNonNull(why, "why"));
  }

  /**
   * The station's exports, signed with its key (made now if it has none).
   *
   * @throws io.peerwall.cli.UserFacingException when the key cannot be used ({@link EvidenceKey})
   */
  public static Exports signed(AppDirs dirs, StationCredentials station, Clock clock) {
    String who = Operator.current();
    return new Exports(
        dirs.data(), new ExportSigner(EvidenceKey.load(dirs, station), who, clock), who);
  }

  /** Exports that are logged but not signed ({@code export --unsigned}). */
  public static Exports unsigned(AppDirs dirs) {
    return new Exports(dirs.data(), null, Operator.current());
  }

  /**
   * The signer of this station's exports, for the review screen's exports (its own read-bounded
   * copy, {@code station.review.ReviewExport}): empty when exports are unsigned.
   *
   * @throws IOException saying why, when exports are refused (the key cannot be used)
   */
  public Optional<ExportSigner> signer() throws IOException {
    if (refusal != null) {
      throw new IOException(refusal);
    }
    return Optional.ofNullable(signer);
  }

  /** The signing certificate's fingerprint; empty when exports are not signed. */
  public Optional<String> fingerprint() {
    return signer == null ? Optional.empty() : Optional.of(signer.key().fingerprint());
  }

  /**
   * What to export.
   *
   * @param cameraIds the cameras (IDs), one file each, in this order
   * @param fromMicros start (wall clock, microseconds since the epoch); the file starts at the
   *     keyframe at or before it
   * @param toMicros end
   * @param output the file (one camera), or the name the files are derived from (several)
   * @param withBookmarks carry the bookmarks overlapping the range inside the signature
   */
  public record Request(
      List<String> cameraIds, long fromMicros, long toMicros, Path output, boolean withBookmarks) {
    public Request {
      cameraIds = List.copyOf(cameraIds);
      Objects.requireNonNull(output, "output");
      if (cameraIds.isEmpty()) {
        throw new IllegalArgumentException("choose at least one camera to export");
      }
      if (cameraIds.stream().distinct().count() != cameraIds.size()) {
        throw new IllegalArgumentException("a camera is chosen twice");
      }
      if (toMicros <= fromMicros) {
        throw new IllegalArgumentException("the range to export must end after it starts");
      }
    }
  }

  /**
   * Where an export is.
   *
   * @param camera 0-based index of the camera being exported
   * @param cameras how many cameras the request has
   * @param cameraName the one being exported
   * @param fraction 0..1 of the whole request (an estimate from sizes)
   * @param phase "copying", "finishing", "logging" or "done" (for this camera)
   */
  public record Progress(
      int camera, int cameras, String cameraName, double fraction, String phase) {}

  /**
   * One exported file, as logged.
   *
   * @param file the MP4
   * @param startMicros wall-clock time of its first picture
   * @param missingSegments segment files the index listed that were gone (skipped: gaps)
   * @param sha256 the file's SHA-256 (hex), as the export log keeps it
   * @param fingerprint the signing certificate's fingerprint; empty when unsigned
   * @param bookmarks bookmarks carried inside the signature
   * @param logId the export log entry's number
   */
  public record ExportedFile(
      String cameraId,
      String cameraName,
      Path file,
      long bytes,
      long frames,
      long durationMicros,
      long startMicros,
      List<Path> missingSegments,
      String sha256,
      Optional<String> fingerprint,
      int bookmarks,
      long logId) {
    public ExportedFile {
      missingSegments = List.copyOf(missingSegments);
    }

    public boolean signed() {
      return fingerprint.isPresent();
    }
  }

  /**
   * What came out.
   *
   * @param files the files written, signed and logged, in the request's order
   * @param cancelled whether the request was cancelled (the file being written then is removed;
   *     files finished before stay, logged)
   */
  public record Outcome(List<ExportedFile> files, boolean cancelled) {
    public Outcome {
      files = List.copyOf(files);
    }
  }

  /**
   * Exports, signs and logs each camera of the request.
   *
   * @param progress told where the export is (from the recorder's progress thread too)
   * @param cancelled asked often on this thread; when it says true the export stops
   * @throws IllegalArgumentException naming the problem: an unknown camera (the known ones are
   *     listed), or too many bookmarks to carry
   * @throws IOException when nothing was recorded in the range, the range spans a change of stream,
   *     the output cannot be written, or the export cannot be logged (the file is then removed)
   */
  public Outcome export(Request request, Consumer<Progress> progress, BooleanSupplier cancelled)
      throws IOException {
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancelled, "cancelled");
    if (refusal != null) {
      throw new IOException(refusal);
    }
    Path parent = request.output().toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IOException("the folder " + parent + " does not exist");
    }
    List<ExportedFile> done = new ArrayList<>();
    try (Recordings recordings = Recordings.open(dataDir)) {
      List<Recordings.CameraInfo> cameras = resolve(recordings, request.cameraIds());
      List<Path> outputs = ExportFiles.outputs(request.output(), cameras);
      int count = cameras.size();
      for (int i = 0; i < count; i++) {
        if (cancelled.getAsBoolean()) {
          return new Outcome(done, true);
        }
        Recordings.CameraInfo camera = cameras.get(i);
        int index = i;
        List<ExportDescription.Bookmark> marks =
            request.withBookmarks() && signer != null
                ? bookmarksToCarry(
                    dataDir, camera.cameraId(), request.fromMicros(), request.toMicros())
                : List.of();
        ClipExport.Result result;
        try {
          result =
              ClipExport.export(
                  recordings,
                  camera.cameraId(),
                  request.fromMicros(),
                  request.toMicros(),
                  outputs.get(i),
                  p ->
                      progress.accept(
                          new Progress(
                              index,
                              count,
                              camera.name(),
                              (index + Math.min(p.fraction(), 0.99)) / count,
                              p.phase().equals("done") ? "logging" : p.phase())),
                  signer,
                  new ClipExport.Options(marks, cancelled));
        } catch (InterruptedIOException e) {
          log.info("export of {} cancelled", camera.name());
          return new Outcome(done, true);
        }
        ExportedFile file = logged(result, camera, request, marks.size());
        done.add(file);
        progress.accept(new Progress(index, count, camera.name(), (index + 1.0) / count, "done"));
      }
    }
    return new Outcome(done, false);
  }

  private ExportedFile logged(
      ClipExport.Result result, Recordings.CameraInfo camera, Request request, int bookmarks)
      throws IOException {
    var export = result.export();
    Path file = export.file();
    try {
      String sha256 =
          result.signature().isPresent()
              ? result.signature().get().sha256()
              : HexFormat.of().formatHex(ExportLog.sha256(file));
      ExportRecord record;
      try (ExportLog exportLog = ExportLog.open(dataDir)) {
        record =
            exportLog.append(
                operator,
                List.of(new ExportRecord.Camera(camera.cameraId(), camera.name())),
                request.fromMicros(),
                request.toMicros(),
                file.toString(),
                HexFormat.of().parseHex(sha256),
                result.signature().isPresent());
      }
      return new ExportedFile(
          camera.cameraId(),
          camera.name(),
          file,
          export.bytes(),
          export.frames(),
          export.durationMicros(),
          export.startEpochMicros(),
          result.missingSegments(),
          sha256,
          result.signature().map(s -> s.fingerprint()),
          bookmarks,
          record.id());
    } catch (IOException | IndexException | IllegalArgumentException e) {
      // An export that is not in the log must not leave the station as if it were.
      Files.deleteIfExists(file);
      throw new IOException(
          "the export of "
              + camera.name()
              + " could not be logged, so it was removed: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A camera's bookmarks overlapping a range, as a signed export carries them (the review screen's
   * exports too).
   *
   * @throws IllegalArgumentException when more overlap than an export carries, saying what to do
   */
  public static List<ExportDescription.Bookmark> bookmarksToCarry(
      Path dataDir, String cameraId, long from, long to) {
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      List<Bookmark> found = review.bookmarks(List.of(cameraId), from, to);
      if (found.size() > ExportDescription.MAX_BOOKMARKS) {
        throw new IllegalArgumentException(
            found.size()
                + " bookmarks overlap this range, more than an export carries ("
                + ExportDescription.MAX_BOOKMARKS
                + "): export a shorter range, or without bookmarks");
      }
      return found.stream()
          .map(
              b ->
                  new ExportDescription.Bookmark(
                      b.cameraId(),
                      instant(b.startMicros()),
                      instant(b.endMicros()),
                      b.name(),
                      b.note(),
                      b.createdBy()))
          .toList();
    }
  }

  private static List<Recordings.CameraInfo> resolve(Recordings recordings, List<String> ids) {
    List<Recordings.CameraInfo> known = recordings.cameras();
    List<Recordings.CameraInfo> out = new ArrayList<>();
    for (String id : ids) {
      out.add(
          known.stream()
              .filter(c -> c.cameraId().equals(id))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no recordings of camera "
                              + id
                              + "; recorded cameras: "
                              + (known.isEmpty()
                                  ? "none"
                                  : String.join(
                                      ", ",
                                      known.stream()
                                          .map(c -> c.name() + " (" + c.cameraId() + ")")
                                          .toList())))));
    }
    return out;
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
