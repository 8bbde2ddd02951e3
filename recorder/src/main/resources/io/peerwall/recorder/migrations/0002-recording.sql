-- Recording (issue 7): per-camera settings, streams, codec configurations, segment files with their
-- keyframe index and hash, gaps, motion events, and files being deleted. See docs/storage.md.
-- All times are microseconds since the Unix epoch (UTC).

-- What to record and how long to keep it.
ALTER TABLE camera ADD COLUMN record_mode TEXT NOT NULL DEFAULT 'continuous'
  CHECK (record_mode IN ('continuous', 'motion', 'off'));
ALTER TABLE camera ADD COLUMN max_age_s INTEGER CHECK (max_age_s IS NULL OR max_age_s > 0);
ALTER TABLE camera ADD COLUMN motion_sensitivity INTEGER NOT NULL DEFAULT 50
  CHECK (motion_sensitivity BETWEEN 1 AND 100);
-- 16x9 grid of excluded cells, one row of 16 '0'/'1' per line, '/' between rows, NULL = none.
ALTER TABLE camera ADD COLUMN motion_mask TEXT;
ALTER TABLE camera ADD COLUMN pre_roll_ms INTEGER NOT NULL DEFAULT 5000 CHECK (pre_roll_ms >= 0);
ALTER TABLE camera ADD COLUMN post_roll_ms INTEGER NOT NULL DEFAULT 5000 CHECK (post_roll_ms >= 0);

-- A recorded stream of a camera, its files live under recordings/<dir>/.
CREATE TABLE stream (
  id          INTEGER PRIMARY KEY,
  camera_id   INTEGER NOT NULL REFERENCES camera (id),
  kind        TEXT    NOT NULL CHECK (kind IN ('main', 'sub')),
  dir         TEXT    NOT NULL UNIQUE,
  total_bytes INTEGER NOT NULL DEFAULT 0,    -- sum of its segments' bytes, kept by triggers
  UNIQUE (camera_id, kind)
) STRICT;

-- A distinct codec configuration, segments point at one.
CREATE TABLE video_params (
  id              INTEGER PRIMARY KEY,
  codec           TEXT    NOT NULL,          -- VideoCodec name: H264, H265
  width           INTEGER NOT NULL,          -- 0 when the parameter sets could not be parsed
  height          INTEGER NOT NULL,
  parameter_sets  BLOB    NOT NULL,          -- SPS/PPS (and VPS) in Annex B, as sent
  UNIQUE (codec, parameter_sets)
) STRICT;

-- One segment file: recordings/<stream.dir>/<yyyy-mm-dd>/<hh>/<hh-mm-ss.ffffff>Z-<id>.ts, the
-- path derived from start_us and id. state 0 = open (being written), 1 = closed (hash final).
-- flags: 1 = recovered after a crash, 2 = damaged (shorter than when it was closed).
CREATE TABLE segment (
  id          INTEGER PRIMARY KEY,
  stream_id   INTEGER NOT NULL REFERENCES stream (id),
  start_us    INTEGER NOT NULL,
  end_us      INTEGER NOT NULL,
  state       INTEGER NOT NULL CHECK (state IN (0, 1)),
  bytes       INTEGER NOT NULL,
  frames      INTEGER NOT NULL,
  params_id   INTEGER NOT NULL REFERENCES video_params (id),
  keyframes   BLOB    NOT NULL,              -- compact keyframe index, docs/storage.md section 2
  sha256      BLOB,                          -- of the whole file, once closed
  flags       INTEGER NOT NULL DEFAULT 0,
  CHECK (end_us >= start_us)
) STRICT;
-- Covers the timeline queries (no table access) and "segment at or before t".
CREATE INDEX segment_stream_time ON segment (stream_id, start_us, end_us);
CREATE INDEX segment_open ON segment (state) WHERE state = 0;
-- The quota needs the recorded bytes at once, not a sum over millions of rows.
CREATE TRIGGER segment_bytes_insert AFTER INSERT ON segment BEGIN UPDATE stream SET total_bytes = total_bytes + NEW.bytes WHERE id = NEW.stream_id; END;
CREATE TRIGGER segment_bytes_update AFTER UPDATE OF bytes ON segment BEGIN UPDATE stream SET total_bytes = total_bytes + NEW.bytes - OLD.bytes WHERE id = NEW.stream_id; END;
CREATE TRIGGER segment_bytes_delete AFTER DELETE ON segment BEGIN UPDATE stream SET total_bytes = total_bytes - OLD.bytes WHERE id = OLD.stream_id; END;

-- An interval without recording and why (offline, disk-full, overload, clock-jump, missing, ...).
CREATE TABLE gap (
  id          INTEGER PRIMARY KEY,
  stream_id   INTEGER NOT NULL REFERENCES stream (id),
  start_us    INTEGER NOT NULL,
  end_us      INTEGER,                       -- NULL while it lasts
  reason      TEXT    NOT NULL
) STRICT;
CREATE INDEX gap_stream_time ON gap (stream_id, start_us);

CREATE TABLE motion_event (
  id          INTEGER PRIMARY KEY,
  camera_id   INTEGER NOT NULL REFERENCES camera (id),
  start_us    INTEGER NOT NULL,
  end_us      INTEGER,                       -- NULL while the motion lasts
  score       REAL    NOT NULL               -- peak fraction of unmasked pixels that changed
) STRICT;
CREATE INDEX motion_event_camera_time ON motion_event (camera_id, start_us);

-- Segments whose files retention is deleting (moved here in the same transaction that removed
-- them from segment, the row goes when the file is gone).
CREATE TABLE garbage (
  segment_id  INTEGER PRIMARY KEY,
  path        TEXT    NOT NULL               -- relative to recordings/
) STRICT;
