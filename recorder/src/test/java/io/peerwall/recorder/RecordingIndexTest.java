package io.peerwall.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingIndexTest {
  @TempDir Path dir;

  @Test
  void createsTheSchemaInWalModeAndKeepsRowsAcrossReopen() throws Exception {
    try (RecordingIndex index = RecordingIndex.open(dir)) {
      assertThat(index.schemaVersion()).isEqualTo(SchemaMigrations.latestVersion());
      long id = index.upsertCamera("cam-1", "Front door", 1_000L);
      assertThat(index.upsertCamera("cam-1", "Front gate", 2_000L)).isEqualTo(id);
      index.markSeen("cam-1", 5_000L);
      index.markSeen("cam-1", 4_000L); // an older report never moves last-seen backwards
    }
    try (RecordingIndex index = RecordingIndex.open(dir)) {
      assertThat(index.cameras())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.name()).isEqualTo("Front gate");
                assertThat(row.addedAtEpochMicros()).isEqualTo(1_000L);
                assertThat(row.lastSeenEpochMicros()).contains(5_000L);
              });
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"));
        Statement s = c.createStatement();
        var rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  void refusesAnIndexFromANewerVersion() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("index.db"));
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> RecordingIndex.open(dir))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("newer PeerWall");
  }

  @Test
  void namesTheFileWhenItIsNotADatabase() throws Exception {
    Files.write(dir.resolve("index.db"), new byte[4096]);
    Files.writeString(dir.resolve("index.db"), "this is not an SQLite database, just text");
    assertThatThrownBy(() -> RecordingIndex.open(dir))
        .isInstanceOf(IndexException.class)
        .hasMessageContaining(dir.resolve("index.db").toString());
  }
}
