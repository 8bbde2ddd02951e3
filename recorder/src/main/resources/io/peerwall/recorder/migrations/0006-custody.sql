-- Chain of custody (issue 15.4, 15.5): evidence locks that retention must respect, and the log of
-- exports. Both append-only through the product: the triggers below refuse to change or delete
-- history, whoever asks. See docs/storage.md section 9 and decisions 0050, 0052.

-- A lock keeps the recordings of some cameras over [from_us, to_us) from retention, until
-- until_us (NULL: until released). Released once, with a reason; never deleted.
CREATE TABLE evidence_lock (
  id              INTEGER PRIMARY KEY,
  from_us         INTEGER NOT NULL,
  to_us           INTEGER NOT NULL,
  until_us        INTEGER,
  reason          TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
  locked_by       TEXT    NOT NULL,
  locked_at_us    INTEGER NOT NULL,
  released_at_us  INTEGER,
  released_by     TEXT,
  release_reason  TEXT,
  CHECK (to_us > from_us),
  CHECK ((released_at_us IS NULL) = (released_by IS NULL)
         AND (released_at_us IS NULL) = (release_reason IS NULL)),
  CHECK (release_reason IS NULL OR length(trim(release_reason)) > 0)
) STRICT;
CREATE INDEX evidence_lock_unreleased ON evidence_lock (id) WHERE released_at_us IS NULL;

CREATE TABLE evidence_lock_camera (
  lock_id    INTEGER NOT NULL REFERENCES evidence_lock (id),
  camera_id  INTEGER NOT NULL REFERENCES camera (id),
  PRIMARY KEY (lock_id, camera_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX evidence_lock_camera_by_camera ON evidence_lock_camera (camera_id, lock_id);

-- Every lock and release, in order: who, when, why.
CREATE TABLE evidence_lock_event (
  id        INTEGER PRIMARY KEY,
  lock_id   INTEGER NOT NULL REFERENCES evidence_lock (id),
  at_us     INTEGER NOT NULL,
  action    TEXT    NOT NULL CHECK (action IN ('lock', 'release')),
  who       TEXT    NOT NULL,
  reason    TEXT    NOT NULL
) STRICT;
CREATE INDEX evidence_lock_event_lock ON evidence_lock_event (lock_id);

CREATE TRIGGER evidence_lock_never_deleted BEFORE DELETE ON evidence_lock
BEGIN
  SELECT RAISE(ABORT, 'evidence locks are never deleted: release them, with a reason');
END;

CREATE TRIGGER evidence_lock_released_once BEFORE UPDATE ON evidence_lock
WHEN OLD.released_at_us IS NOT NULL OR NEW.released_at_us IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.from_us IS NOT OLD.from_us OR NEW.to_us IS NOT OLD.to_us
  OR NEW.until_us IS NOT OLD.until_us OR NEW.reason IS NOT OLD.reason
  OR NEW.locked_by IS NOT OLD.locked_by OR NEW.locked_at_us IS NOT OLD.locked_at_us
BEGIN
  SELECT RAISE(ABORT, 'an evidence lock cannot be changed, only released once');
END;

-- A lock's cameras are given when it is made (before its 'lock' event), never changed later.
CREATE TRIGGER evidence_lock_camera_fixed_insert BEFORE INSERT ON evidence_lock_camera
WHEN EXISTS (SELECT 1 FROM evidence_lock_event WHERE lock_id = NEW.lock_id)
BEGIN
  SELECT RAISE(ABORT, 'the cameras of an evidence lock cannot be changed');
END;

CREATE TRIGGER evidence_lock_camera_fixed_update BEFORE UPDATE ON evidence_lock_camera
BEGIN
  SELECT RAISE(ABORT, 'the cameras of an evidence lock cannot be changed');
END;

CREATE TRIGGER evidence_lock_camera_fixed_delete BEFORE DELETE ON evidence_lock_camera
BEGIN
  SELECT RAISE(ABORT, 'the cameras of an evidence lock cannot be changed');
END;

CREATE TRIGGER evidence_lock_event_append_only_update BEFORE UPDATE ON evidence_lock_event
BEGIN
  SELECT RAISE(ABORT, 'the evidence lock history is append-only');
END;

CREATE TRIGGER evidence_lock_event_append_only_delete BEFORE DELETE ON evidence_lock_event
BEGIN
  SELECT RAISE(ABORT, 'the evidence lock history is append-only');
END;

-- One row per export: who (the OS user), when, the range, the file and its SHA-256, signed or not.
-- row_hash = SHA-256 over prev_hash and the row's fields (docs/storage.md section 9): a row edited
-- or removed outside PeerWall breaks the chain from there on.
CREATE TABLE export_log (
  id          INTEGER PRIMARY KEY,
  at_us       INTEGER NOT NULL,
  operator    TEXT    NOT NULL,
  from_us     INTEGER NOT NULL,
  to_us       INTEGER NOT NULL,
  file_name   TEXT    NOT NULL,
  sha256      BLOB    NOT NULL CHECK (length(sha256) = 32),
  signed      INTEGER NOT NULL CHECK (signed IN (0, 1)),
  prev_hash   BLOB    NOT NULL CHECK (length(prev_hash) = 32),
  row_hash    BLOB    NOT NULL CHECK (length(row_hash) = 32),
  CHECK (to_us >= from_us)
) STRICT;
CREATE INDEX export_log_time ON export_log (at_us);

-- The cameras of an export, in the order given, with their names at the time.
CREATE TABLE export_log_camera (
  export_id    INTEGER NOT NULL REFERENCES export_log (id),
  position     INTEGER NOT NULL,
  camera_id    TEXT    NOT NULL,
  camera_name  TEXT    NOT NULL,
  PRIMARY KEY (export_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX export_log_camera_by_camera ON export_log_camera (camera_id, export_id);

CREATE TRIGGER export_log_append_only_update BEFORE UPDATE ON export_log
BEGIN
  SELECT RAISE(ABORT, 'the export log is append-only');
END;

CREATE TRIGGER export_log_append_only_delete BEFORE DELETE ON export_log
BEGIN
  SELECT RAISE(ABORT, 'the export log is append-only');
END;

-- Cameras are added only to the newest export (in the transaction that appends it).
CREATE TRIGGER export_log_camera_with_its_export BEFORE INSERT ON export_log_camera
WHEN NEW.export_id IS NOT (SELECT max(id) FROM export_log)
BEGIN
  SELECT RAISE(ABORT, 'the export log is append-only');
END;

CREATE TRIGGER export_log_camera_append_only_update BEFORE UPDATE ON export_log_camera
BEGIN
  SELECT RAISE(ABORT, 'the export log is append-only');
END;

CREATE TRIGGER export_log_camera_append_only_delete BEFORE DELETE ON export_log_camera
BEGIN
  SELECT RAISE(ABORT, 'the export log is append-only');
END;
