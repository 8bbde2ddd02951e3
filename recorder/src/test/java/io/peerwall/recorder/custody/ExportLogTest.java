package io.peerwall.recorder.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.recorder.RecordingIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export log on a real index: appended, listed, append-only, its hash chain checked. */
class ExportLogTest {
  static final long T0 = 1_763_900_000_000_000L;

  @TempDir Path dataDir;
  @TempDir Path out;

  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_763_900_100L), ZoneOffset.UTC);

  private static final List<ExportRecord.Camera> GATE =
      List.of(new ExportRecord.Camera("cam-a", "Gate"));

  @Test
  void exportsAreLoggedWithWhoWhatAndTheFilesHash() throws Exception {
    Path file = out.resolve("gate.mp4");
    Files.write(file, new byte[] {1, 2, 3});
    byte[] sha = ExportLog.sha256(file);
    assertThat(sha).isEqualTo(MessageDigest.getInstance("SHA-256").digest(new byte[] {1, 2, 3}));
    try (ExportLog log = ExportLog.open(dataDir, clock)) {
      ExportRecord first =
          log.append("ana", GATE, T0, T0 + 60_000_000L, file.toString(), sha, true);
      ExportRecord second =
          log.append(
              "bo",
              List.of(new ExportRecord.Camera("cam-b", "Yard"), GATE.get(0)),
              T0,
              T0 + 1,
              "two.mp4",
              sha,
              false);
      assertThat(first.atMicros()).isEqualTo(1_763_900_100_000_000L);
      assertThat(log.list(Optional.empty(), Long.MIN_VALUE, 10))
          .extracting(ExportRecord::id)
          .containsExactly(second.id(), first.id());
      ExportRecord read = log.list(Optional.of("cam-b"), Long.MIN_VALUE, 10).get(0);
      assertThat(read.operator()).isEqualTo("bo");
      assertThat(read.cameras())
          .extracting(ExportRecord.Camera::name)
          .containsExactly("Yard", "Gate");
      assertThat(read.signed()).isFalse();
      assertThat(read.sha256()).isEqualTo(sha);
      assertThat(log.list(Optional.of("cam-c"), Long.MIN_VALUE, 10)).isEmpty();
      assertThat(log.verifyChain().intact()).isTrue();
      assertThat(log.verifyChain().rows()).isEqualTo(2);
      assertThat(log.verifyChain().lastRowHash()).hasSize(64);
      assertThatThrownBy(() -> log.append("ana", GATE, 1, 0, "x", sha, true))
          .hasMessageContaining("ends before");
      assertThatThrownBy(() -> log.append("ana", GATE, 0, 1, "x", new byte[3], true))
          .hasMessageContaining("32 bytes");
      assertThatThrownBy(() -> log.append(" ", GATE, 0, 1, "x", sha, true))
          .hasMessageContaining("who");
    }
  }

  @Test
  void rowsCannotBeChangedThroughTheIndexAndEditsOutsideBreakTheChain() throws Exception {
    byte[] sha = new byte[32];
    try (ExportLog log = ExportLog.open(dataDir, clock)) {
      for (int i = 0; i < 4; i++) {
        log.append("ana", GATE, T0 + i, T0 + i + 1, "clip-" + i + ".mp4", sha, true);
      }
    }
    Path db = dataDir.resolve(RecordingIndex.FILE_NAME);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "UPDATE export_log SET operator = 'mallory'",
              "DELETE FROM export_log WHERE id = 2",
              "UPDATE export_log_camera SET camera_name = 'x'",
              "DELETE FROM export_log_camera",
              "INSERT INTO export_log_camera VALUES (1, 9, 'cam-z', 'Z')")) {
        assertThatThrownBy(() -> s.execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("append-only");
      }
      // Someone with the sqlite3 tool drops the triggers and edits a row: the chain shows where.
      s.execute("DROP TRIGGER export_log_append_only_update");
      s.execute("UPDATE export_log SET file_name = 'other.mp4' WHERE id = 3");
    }
    try (ExportLog log = ExportLog.open(dataDir, clock)) {
      ChainCheck check = log.verifyChain();
      assertThat(check.intact()).isFalse();
      assertThat(check.firstBrokenId()).contains(3L);
      assertThat(check.problem()).contains("changed after it was logged");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("UPDATE export_log SET file_name = 'clip-2.mp4' WHERE id = 3");
      s.execute("DROP TRIGGER export_log_append_only_delete");
      s.execute("DROP TRIGGER export_log_camera_append_only_delete");
      s.execute("DELETE FROM export_log_camera WHERE export_id = 2");
      s.execute("DELETE FROM export_log WHERE id = 2");
    }
    try (ExportLog log = ExportLog.open(dataDir, clock)) {
      ChainCheck check = log.verifyChain();
      assertThat(check.firstBrokenId()).contains(3L);
      assertThat(check.problem()).contains("does not follow");
    }
  }
}
