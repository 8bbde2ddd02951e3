package io.peerwall.recorder.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.recorder.RecordingIndex;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence locks on a real index: made, listed, expired, released once, history append-only. */
class EvidenceLocksTest {
  static final long T0 = 1_763_900_000_000_000L;
  static final long HOUR = 3_600_000_000L;

  @TempDir Path dataDir;
  final long[] now = {T0};
  final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochSecond(0, now[0] * 1000);
        }
      };

  @BeforeEach
  void cameras() {
    try (RecordingIndex index = RecordingIndex.open(dataDir)) {
      index.upsertCamera("cam-a", "Gate", 0);
      index.upsertCamera("cam-b", "Yard", 0);
    }
  }

  @Test
  void aLockIsMadeListedAndReleasedOnceWithItsHistory() {
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      EvidenceLock lock =
          locks.lock(List.of("cam-a", "cam-b"), T0 - HOUR, T0, Optional.empty(), "break-in", "ana");
      assertThat(lock.cameraIds()).containsExactly("cam-a", "cam-b");
      assertThat(lock.lockedBy()).isEqualTo("ana");
      assertThat(lock.lockedAtMicros()).isEqualTo(T0);
      assertThat(lock.activeAt(T0 + 1000 * HOUR)).isTrue();
      EvidenceLock timed =
          locks.lock(List.of("cam-a"), T0, T0 + HOUR, Optional.of(T0 + 2 * HOUR), "fight", "bo");
      assertThat(locks.list(false))
          .extracting(EvidenceLock::id)
          .containsExactly(timed.id(), lock.id());

      now[0] = T0 + 3 * HOUR; // the second one ran out
      assertThat(timed.stateAt(now[0])).isEqualTo(EvidenceLock.State.EXPIRED);
      assertThat(locks.list(false)).extracting(EvidenceLock::id).containsExactly(lock.id());
      assertThat(locks.list(true)).hasSize(2);
      assertThat(locks.overlapping(List.of("cam-b"), T0 - 10, T0 + 10))
          .extracting(EvidenceLock::id)
          .containsExactly(lock.id());

      EvidenceLock released = locks.release(lock.id(), "case closed", "cy");
      assertThat(released.stateAt(now[0])).isEqualTo(EvidenceLock.State.RELEASED);
      assertThat(released.release()).hasValueSatisfying(r -> assertThat(r.by()).isEqualTo("cy"));
      assertThatThrownBy(() -> locks.release(lock.id(), "again", "cy"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("released already");
      assertThat(locks.list(false)).isEmpty();
      assertThat(locks.history())
          .extracting(e -> e.lockId() + " " + e.action() + " " + e.who() + " " + e.reason())
          .containsExactly(
              lock.id() + " lock ana break-in",
              timed.id() + " lock bo fight",
              lock.id() + " release cy case closed");
    }
  }

  @Test
  void badRequestsSayWhatIsWrong() {
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      assertThatThrownBy(() -> locks.lock(List.of(), T0, T0 + 1, Optional.empty(), "r", "u"))
          .hasMessageContaining("at least one camera");
      assertThatThrownBy(() -> locks.lock(List.of("nope"), T0, T0 + 1, Optional.empty(), "r", "u"))
          .hasMessageContaining("unknown camera: nope");
      assertThatThrownBy(() -> locks.lock(List.of("cam-a"), T0, T0, Optional.empty(), "r", "u"))
          .hasMessageContaining("empty");
      assertThatThrownBy(
              () -> locks.lock(List.of("cam-a"), T0, T0 + 1, Optional.of(T0 - 1), "r", "u"))
          .hasMessageContaining("past");
      assertThatThrownBy(() -> locks.lock(List.of("cam-a"), T0, T0 + 1, Optional.empty(), " ", "u"))
          .hasMessageContaining("reason");
      assertThatThrownBy(() -> locks.release(99, "r", "u"))
          .hasMessageContaining("no evidence lock 99");
      // Nothing half-made: the unknown camera rolled its lock back.
      assertThat(locks.list(true)).isEmpty();
      assertThat(locks.history()).isEmpty();
    }
  }

  @Test
  void historyCannotBeChangedOrDeletedEvenWithSqlFromOutside() throws Exception {
    long id;
    try (EvidenceLocks locks = EvidenceLocks.open(dataDir, clock)) {
      id = locks.lock(List.of("cam-a"), T0, T0 + HOUR, Optional.empty(), "keep", "ana").id();
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve(RecordingIndex.FILE_NAME));
        Statement s = c.createStatement()) {
      for (String sql :
          List.of(
              "DELETE FROM evidence_lock",
              "UPDATE evidence_lock SET to_us = to_us - 1",
              "UPDATE evidence_lock SET reason = 'other'",
              "DELETE FROM evidence_lock_camera",
              "INSERT INTO evidence_lock_camera (lock_id, camera_id) VALUES (" + id + ", 2)",
              "UPDATE evidence_lock_event SET who = 'mallory'",
              "DELETE FROM evidence_lock_event")) {
        assertThatThrownBy(() -> s.execute(sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .hasMessageMatching("(?s).*(never deleted|cannot be changed|append-only).*");
      }
      // Releasing is the one change allowed, and only once.
      s.execute(
          "UPDATE evidence_lock SET released_at_us = 1, released_by = 'x', release_reason = 'y'");
      assertThatThrownBy(() -> s.execute("UPDATE evidence_lock SET released_by = 'z'"))
          .hasMessageContaining("cannot be changed");
    }
  }
}
