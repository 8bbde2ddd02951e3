package io.peerwall.station.review;

import io.peerwall.recorder.IndexException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything one review screen uses, opened together (off the FX thread: each opens connections to
 * the index) and closed together: the playback engine, the index questions, thumbnails and exports,
 * over a data directory and a set of cameras.
 */
public final class ReviewSession implements AutoCloseable {
  /** A camera of the review: its ID and the name shown. */
  public record Camera(String id, String name) {}

  private final Path dataDir;
  private final List<Camera> cameras;
  private final PlaybackEngine engine;
  private final ReviewQueries queries;
  private final Thumbnails thumbnails;
  private final ReviewExport export;

  private ReviewSession(
      Path dataDir,
      List<Camera> cameras,
      PlaybackEngine engine,
      ReviewQueries queries,
      Thumbnails thumbnails,
      ReviewExport export) {
    this.dataDir = dataDir;
    this.cameras = cameras;
    this.engine = engine;
    this.queries = queries;
    this.thumbnails = thumbnails;
    this.export = export;
  }

  /**
   * Opens the review of {@code cameras} (1 to 16) at {@code startMicros}, paused there.
   *
   * @param zone local time for export file names
   * @throws IndexException when the recordings' index cannot be opened
   */
  public static ReviewSession open(
      Path dataDir,
      List<Camera> cameras,
      long startMicros,
      PlaybackEngine.Options options,
      ExportSigning signing,
      ZoneId zone) {
    List<Camera> list = List.copyOf(cameras);
    ReviewQueries queries = ReviewQueries.open(dataDir, options.wall());
    Thumbnails thumbnails = null;
    try {
      thumbnails = Thumbnails.open(dataDir, 128, 72);
      PlaybackEngine engine =
          PlaybackEngine.open(
              dataDir, list.stream().map(Camera::id).toList(), startMicros, options);
      ReviewExport export =
          new ReviewExport(
              dataDir, signing, ReviewExport.DEFAULT_BYTES_PER_SECOND, zone, options.nanoTime());
      return new ReviewSession(dataDir, list, engine, queries, thumbnails, export);
    } catch (RuntimeException e) {
      queries.close();
      if (thumbnails != null) {
        thumbnails.close();
      }
      throw e;
    }
  }

  /** {@link #open} with the system's timer and clock. */
  public static ReviewSession open(
      Path dataDir, List<Camera> cameras, long startMicros, ExportSigning signing, ZoneId zone) {
    return open(
        dataDir,
        cameras,
        startMicros,
        new PlaybackEngine.Options(640, 360, System::nanoTime, Clock.systemUTC()),
        signing,
        zone);
  }

  public Path dataDir() {
    return dataDir;
  }

  public List<Camera> cameras() {
    return cameras;
  }

  public PlaybackEngine engine() {
    return engine;
  }

  public ReviewQueries queries() {
    return queries;
  }

  public Thumbnails thumbnails() {
    return thumbnails;
  }

  public ReviewExport export() {
    return export;
  }

  /** Stops playback and the worker threads (each bounded), closes the index connections. */
  @Override
  public void close() {
    engine.close();
    thumbnails.close();
    queries.close();
  }
}
