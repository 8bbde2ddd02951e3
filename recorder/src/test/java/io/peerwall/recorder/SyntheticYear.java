package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The synthetic year the review tests run on: 64 cameras x 365 days of one-minute segments (33.6 M
 * rows), 40 motion events per camera and day, bookmarks and locks, in a real SQLite file of about
 * 2.6 GB. Built once (about half a minute of CPU) into {@code target/}, kept for the next run while
 * the generator and the schema are the same; {@code mvn clean} removes it.
 */
public final class SyntheticYear {
  public static final long FIRST_DAY = 1_735_689_600_000_000L; // 2025-01-01T00:00:00Z
  public static final long DAY = 86_400_000_000L;
  public static final int CAMERAS = 64;
  public static final int DAYS = 365;
  public static final int EVENTS_PER_DAY = 40;

  /** Changes whenever SyntheticIndex generates something else. */
  private static final String VERSION = "v1";

  /** Tables a query must never scan: they grow with the recordings. */
  private static final Set<String> LARGE =
      Set.of(
          "segment",
          "motion_event",
          "gap",
          "recorded_span",
          "segment_bucket",
          "motion_bucket",
          "bookmark",
          "garbage");

  private static Path dir;

  private SyntheticYear() {}

  /** The data directory holding the year's index, built if needed. */
  public static synchronized Path get() throws IOException {
    if (dir != null) {
      return dir;
    }
    String key =
        VERSION + "-schema" + SchemaMigrations.latestVersion() + "-" + CAMERAS + "x" + DAYS;
    Path candidate = Path.of("target", "synthetic-year-" + key).toAbsolutePath();
    Path ready = candidate.resolve("ready");
    if (!Files.exists(ready)) {
      if (Files.exists(candidate)) {
        try (var files = Files.list(candidate)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
      }
      Files.createDirectories(candidate);
      long started = System.nanoTime();
      long rows =
          SyntheticIndex.generate(
              candidate,
              new SyntheticIndex.Spec(CAMERAS, DAYS, FIRST_DAY, EVENTS_PER_DAY, 42, true, 2000, 40),
              n -> {});
      System.out.printf(
          "synthetic year: %,d segment rows, %.1f GB, generated in %.0f s%n",
          rows,
          Files.size(candidate.resolve(RecordingIndex.FILE_NAME)) / 1e9,
          (System.nanoTime() - started) / 1e9);
      Files.writeString(ready, key);
    }
    dir = candidate;
    return dir;
  }

  /**
   * Asserts that SQLite answers {@code sql} with searches of indexes only: no table or index of
   * {@link #LARGE} is scanned whole.
   */
  public static void assertSearchesOnly(Connection c, String sql) throws SQLException {
    List<String> plan = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        plan.add(rs.getString(4));
      }
    }
    for (String step : plan) {
      if (step.startsWith("SCAN ")) {
        String table = step.substring(5).split(" ")[0];
        assertThat(LARGE).as("plan of %s%n%s", sql, String.join("\n", plan)).doesNotContain(table);
      }
    }
  }
}
