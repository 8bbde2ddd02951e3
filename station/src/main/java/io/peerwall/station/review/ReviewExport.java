package io.peerwall.station.review;

import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.recorder.IndexException;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.export.ClipExport;
import io.peerwall.station.evidence.Exports;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports from the review screen (issue 14.6): a marked range of one or several cameras, one MP4
 * each (named by camera and times), one after another on a thread of its own ({@code
 * review-export}, minimum priority) whose reads are bounded to a rate, so an export never slows the
 * live wall or the recorder; with progress and Cancel. Each file is signed when the station
 * provides a signer ({@link ExportSigning}) and entered in the export log (issue 15.4).
 */
public final class ReviewExport {
  private static final Logger log = LoggerFactory.getLogger(ReviewExport.class);

  /** The default read bound: 24 MB/s, an hour of a 4 Mbit/s camera in about 75 s. */
  public static final long DEFAULT_BYTES_PER_SECOND = 24L << 20;

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss");

  /** A camera to export: its ID and the name its file is called by. */
  public record Camera(String cameraId, String name) {}

  /** What to export: [from, to) of the cameras into a directory. */
  public record Request(List<Camera> cameras, long fromMicros, long toMicros, Path directory) {
    public Request {
      cameras = List.copyOf(cameras);
      if (cameras.isEmpty()) {
        throw new IllegalArgumentException("choose at least one camera to export");
      }
      if (toMicros <= fromMicros) {
        throw new IllegalArgumentException("the end of the range must come after its start");
      }
    }
  }

  /**
   * How far an export is.
   *
   * @param camera the camera being exported (0-based) of {@code cameras}
   * @param fraction of the whole export, 0..1
   */
  public record Progress(int camera, int cameras, String cameraName, double fraction) {}

  /**
   * How an export ended.
   *
   * @param files the MP4s written (kept even when cancelled later)
   * @param problems a sentence per camera that could not be exported
   * @param signed whether the files are signed
   */
  public record Outcome(
      List<Path> files, List<String> problems, boolean cancelled, boolean signed) {}

  /** A running export. */
  public static final class Job {
    private final ExportPacer pacer;
    private final Thread thread;

    private Job(ExportPacer pacer, Thread thread) {
      this.pacer = pacer;
      this.thread = thread;
    }

    /** Stops at the next packet; the file being written is deleted. Any thread, never blocks. */
    public void cancel() {
      pacer.cancel();
    }

    public boolean running() {
      return thread.isAlive();
    }

    /** Waits for the export's end (tests, shutdown). */
    public boolean await(long millis) throws InterruptedException {
      thread.join(millis);
      return !thread.isAlive();
    }
  }

  private final Path dataDir;
  private final ExportSigning signing;
  private final long bytesPerSecond;
  private final ZoneId zone;
  private final LongSupplier nanoTime;

  /**
   * @param bytesPerSecond the read bound of an export
   * @param zone the file names' local time
   */
  public ReviewExport(
      Path dataDir,
      ExportSigning signing,
      long bytesPerSecond,
      ZoneId zone,
      LongSupplier nanoTime) {
    this.dataDir = dataDir;
    this.signing = signing;
    this.bytesPerSecond = bytesPerSecond;
    this.zone = zone;
    this.nanoTime = nanoTime;
  }

  /**
   * Starts an export; {@code progress} (about five times a second) and {@code done} (once) are
   * called on the export's thread.
   */
  public Job start(Request request, Consumer<Progress> progress, Consumer<Outcome> done) {
    ExportPacer pacer = new ExportPacer(bytesPerSecond, nanoTime);
    Thread thread =
        NamedThreadFactory.single("review-export")
            .newThread(() -> done.accept(run(request, pacer, progress)));
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
    return new Job(pacer, thread);
  }

  private Outcome run(Request request, ExportPacer pacer, Consumer<Progress> progress) {
    List<Path> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Optional<ExportSigner> signer;
    try {
      signer = signing.signer();
    } catch (IOException | RuntimeException e) {
      return new Outcome(
          List.of(),
          List.of("the station's signing key cannot be used: " + e.getMessage()),
          false,
          false);
    }
    try (Recordings recordings = Recordings.open(dataDir)) {
      Files.createDirectories(request.directory());
      int n = request.cameras().size();
      for (int i = 0; i < n && !pacer.cancelled(); i++) {
        Camera camera = request.cameras().get(i);
        int index = i;
        Path file = uniqueName(request.directory(), fileName(camera, request));
        try {
          ClipExport.Result result =
              ClipExport.export(
                  recordings,
                  camera.cameraId(),
                  request.fromMicros(),
                  request.toMicros(),
                  file,
                  p ->
                      progress.accept(
                          new Progress(index, n, camera.name(), (index + p.fraction()) / n)),
                  signer.orElse(null),
                  new ClipExport.Options(
                      signer.isPresent()
                          ? Exports.bookmarksToCarry(
                              dataDir, camera.cameraId(), request.fromMicros(), request.toMicros())
                          : List.of(),
                      pacer::cancelled,
                      pacer));
          files.add(result.export().file());
          logExport(camera, request, result);
        } catch (InterruptedIOException e) {
          log.info("export of {} cancelled", camera.name());
        } catch (IOException | IndexException | IllegalArgumentException e) {
          problems.add(camera.name() + ": " + e.getMessage());
          log.warn("export of {} failed: {}", camera.name(), e.getMessage());
        }
      }
    } catch (IOException | IndexException e) {
      problems.add(e.getMessage());
    }
    return new Outcome(
        List.copyOf(files), List.copyOf(problems), pacer.cancelled(), signer.isPresent());
  }

  /** The export log row of a file (issue 15.4); a failure to log is said, the file kept. */
  private void logExport(Camera camera, Request request, ClipExport.Result result)
      throws IOException {
    byte[] sha256 =
        result.signature().isPresent()
            ? HexFormat.of().parseHex(result.signature().get().sha256())
            : ExportLog.sha256(result.export().file());
    try (ExportLog exports = ExportLog.open(dataDir)) {
      exports.append(
          Operator.current(),
          List.of(new ExportRecord.Camera(camera.cameraId(), camera.name())),
          request.fromMicros(),
          request.toMicros(),
          result.export().file().getFileName().toString(),
          sha256,
          result.signature().isPresent());
    }
  }

  /**
   * {@code <camera>_<date>_<HHmmss>-<HHmmss>.mp4} in local time (the end's date too when the range
   * crosses midnight); characters file systems refuse become '_'.
   */
  String fileName(Camera camera, Request request) {
    ZonedDateTime from = local(request.fromMicros());
    ZonedDateTime to = local(request.toMicros());
    String end =
        from.toLocalDate().equals(to.toLocalDate())
            ? TIME.format(to)
            : DAY.format(to) + "_" + TIME.format(to);
    return safe(camera.name())
        + "_"
        + DAY.format(from)
        + "_"
        + TIME.format(from)
        + "-"
        + end
        + ".mp4";
  }

  private ZonedDateTime local(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000)).atZone(zone);
  }

  static String safe(String name) {
    String cleaned = name.strip().replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}\\s]+", "_");
    cleaned = cleaned.replaceAll("^[._]+", "");
    if (cleaned.isEmpty()) {
      cleaned = "camera";
    }
    return cleaned.length() > 80 ? cleaned.substring(0, 80) : cleaned;
  }

  private static Path uniqueName(Path directory, String name) {
    Path file = directory.resolve(name);
    String stem = name.substring(0, name.length() - 4);
    for (int i = 2; Files.exists(file); i++) {
      file = directory.resolve(String.format(Locale.ROOT, "%s (%d).mp4", stem, i));
    }
    return file;
  }
}
