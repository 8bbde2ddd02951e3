-- Review (issue 14): what the timeline draws, kept by triggers in the transaction that changes a
-- segment or a motion event, so a timeline of any zoom reads a few rows and never the segments.
-- See docs/storage.md section 7 and decision 0051. Times in microseconds since the epoch (UTC).

-- A segment's stream and start never change (the triggers below rely on it; nothing does it).
CREATE TRIGGER segment_start_fixed BEFORE UPDATE OF stream_id, start_us ON segment
WHEN NEW.stream_id IS NOT OLD.stream_id OR NEW.start_us IS NOT OLD.start_us
BEGIN
  SELECT RAISE(ABORT, 'a segment''s stream and start never change');
END;

-- Maximal runs of contiguous segments of a stream (consecutive segments at most 1 ms apart, as the
-- ranges of docs/storage.md section 2). A continuous camera has a few a day, whatever its length.
CREATE TABLE recorded_span (
  stream_id  INTEGER NOT NULL REFERENCES stream (id),
  start_us   INTEGER NOT NULL,                -- start of the run's first segment
  end_us     INTEGER NOT NULL,                -- end of its last segment
  PRIMARY KEY (stream_id, start_us),
  CHECK (end_us >= start_us)
) STRICT, WITHOUT ROWID;

-- Per stream and hour (level_us = 3600000000) or day (86400000000): the segments starting in the
-- bucket. For timelines zoomed out to weeks or a month, and for the bytes under an evidence lock.
CREATE TABLE segment_bucket (
  stream_id    INTEGER NOT NULL REFERENCES stream (id),
  level_us     INTEGER NOT NULL CHECK (level_us IN (3600000000, 86400000000)),
  bucket_us    INTEGER NOT NULL,              -- bucket start, a multiple of level_us
  segments     INTEGER NOT NULL,
  bytes        INTEGER NOT NULL,
  recorded_us  INTEGER NOT NULL,              -- sum of the segments' durations
  first_us     INTEGER NOT NULL,              -- start of the first segment
  last_end_us  INTEGER NOT NULL,              -- end of the last segment (may pass the bucket)
  PRIMARY KEY (stream_id, level_us, bucket_us)
) STRICT, WITHOUT ROWID;

-- Per camera and hour or day: the motion events starting in the bucket.
CREATE TABLE motion_bucket (
  camera_id    INTEGER NOT NULL REFERENCES camera (id),
  level_us     INTEGER NOT NULL CHECK (level_us IN (3600000000, 86400000000)),
  bucket_us    INTEGER NOT NULL,
  events       INTEGER NOT NULL,
  ongoing      INTEGER NOT NULL,              -- events still without an end
  first_us     INTEGER NOT NULL,
  last_end_us  INTEGER NOT NULL,              -- an ongoing event counts as ending at its start
  peak_score   REAL    NOT NULL,
  moving_us    INTEGER NOT NULL,              -- sum of the events' durations
  PRIMARY KEY (camera_id, level_us, bucket_us)
) STRICT, WITHOUT ROWID;

-- Review flags; flags: 1 = ended by start-up recovery at the crash that cut it (real end unknown).
ALTER TABLE motion_event ADD COLUMN reviewed_at_us INTEGER;
ALTER TABLE motion_event ADD COLUMN reviewed_by TEXT;
ALTER TABLE motion_event ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;
CREATE INDEX motion_event_unreviewed ON motion_event (camera_id, start_us)
  WHERE reviewed_at_us IS NULL;
-- Events still going: start-up recovery ends those a crash cut.
CREATE INDEX motion_event_ongoing ON motion_event (camera_id) WHERE end_us IS NULL;

-- Spans: a new segment joins the span it touches (extending it, and absorbing spans it reaches),
-- or starts one. Every lookup is one descent of the primary key.
CREATE TRIGGER span_segment_insert AFTER INSERT ON segment
BEGIN
  UPDATE recorded_span
     SET end_us = max(end_us, NEW.end_us, coalesce((SELECT max(r.end_us) FROM recorded_span r
           WHERE r.stream_id = NEW.stream_id AND r.start_us > NEW.start_us
             AND r.start_us <= NEW.end_us + 1000), end_us))
   WHERE stream_id = NEW.stream_id
     AND start_us = (SELECT max(start_us) FROM recorded_span
                      WHERE stream_id = NEW.stream_id AND start_us <= NEW.start_us)
     AND end_us >= NEW.start_us - 1000;
  INSERT INTO recorded_span (stream_id, start_us, end_us)
  SELECT NEW.stream_id, NEW.start_us, max(NEW.end_us, coalesce((SELECT max(r.end_us)
           FROM recorded_span r WHERE r.stream_id = NEW.stream_id AND r.start_us > NEW.start_us
             AND r.start_us <= NEW.end_us + 1000), NEW.end_us))
   WHERE NOT EXISTS (SELECT 1 FROM recorded_span p WHERE p.stream_id = NEW.stream_id
           AND p.start_us = (SELECT max(start_us) FROM recorded_span
                              WHERE stream_id = NEW.stream_id AND start_us <= NEW.start_us)
           AND p.end_us >= NEW.start_us - 1000);
  DELETE FROM recorded_span
   WHERE stream_id = NEW.stream_id AND start_us > NEW.start_us
     AND start_us <= NEW.end_us + 1000;
END;

-- A segment that grows (the open segment's progress, once a second) extends its span the same way.
CREATE TRIGGER span_segment_grow AFTER UPDATE OF end_us ON segment
WHEN NEW.end_us >= OLD.end_us
BEGIN
  UPDATE recorded_span
     SET end_us = max(end_us, NEW.end_us, coalesce((SELECT max(r.end_us) FROM recorded_span r
           WHERE r.stream_id = NEW.stream_id AND r.start_us > NEW.start_us
             AND r.start_us <= NEW.end_us + 1000), end_us))
   WHERE stream_id = NEW.stream_id
     AND start_us = (SELECT max(start_us) FROM recorded_span
                      WHERE stream_id = NEW.stream_id AND start_us <= NEW.start_us)
     AND end_us >= NEW.start_us - 1000;
  DELETE FROM recorded_span
   WHERE stream_id = NEW.stream_id AND start_us > NEW.start_us
     AND start_us <= NEW.end_us + 1000;
END;

-- A segment removed: its neighbours (the segments just before and after it) say whether its span
-- loses its start, its end, splits in two or goes. The segments of a stream start strictly after
-- one another (I4), so "just before" and "just after" are one descent each.
CREATE TRIGGER span_segment_delete AFTER DELETE ON segment
BEGIN
  -- Between two segments that are no longer contiguous without it: the span splits.
  INSERT INTO recorded_span (stream_id, start_us, end_us)
  SELECT OLD.stream_id, n.start_us, p.end_us
    FROM (SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
            AND start_us > OLD.start_us ORDER BY start_us LIMIT 1) n,
         (SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
            AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1) q,
         (SELECT end_us FROM recorded_span WHERE stream_id = OLD.stream_id
            AND start_us = (SELECT max(start_us) FROM recorded_span
                             WHERE stream_id = OLD.stream_id AND start_us <= OLD.start_us)) p
   WHERE OLD.start_us - q.end_us <= 1000 AND n.start_us - OLD.end_us <= 1000
     AND n.start_us - q.end_us > 1000;
  -- It was the last of its span (or the split above): the span ends at the segment before it.
  UPDATE recorded_span
     SET end_us = (SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
                     AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1)
   WHERE stream_id = OLD.stream_id
     AND start_us = (SELECT max(start_us) FROM recorded_span WHERE stream_id = OLD.stream_id
           AND start_us <= (SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
                              AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1))
     AND coalesce(OLD.start_us - (SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1) <= 1000, 0)
     AND NOT coalesce((SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us > OLD.start_us ORDER BY start_us LIMIT 1) - OLD.end_us <= 1000
           AND (SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
                  AND start_us > OLD.start_us ORDER BY start_us LIMIT 1)
             - (SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
                  AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1) <= 1000, 0);
  -- It was alone: its span goes.
  DELETE FROM recorded_span
   WHERE stream_id = OLD.stream_id
     AND start_us = (SELECT max(start_us) FROM recorded_span
                      WHERE stream_id = OLD.stream_id AND start_us <= OLD.start_us)
     AND NOT coalesce(OLD.start_us - (SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1) <= 1000, 0)
     AND NOT coalesce((SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us > OLD.start_us ORDER BY start_us LIMIT 1) - OLD.end_us <= 1000, 0);
  -- It was the first of its span: the span starts at the segment after it.
  UPDATE recorded_span
     SET start_us = (SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
                       AND start_us > OLD.start_us ORDER BY start_us LIMIT 1)
   WHERE stream_id = OLD.stream_id
     AND start_us = (SELECT max(start_us) FROM recorded_span
                      WHERE stream_id = OLD.stream_id AND start_us <= OLD.start_us)
     AND NOT coalesce(OLD.start_us - (SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us < OLD.start_us ORDER BY start_us DESC LIMIT 1) <= 1000, 0)
     AND coalesce((SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us > OLD.start_us ORDER BY start_us LIMIT 1) - OLD.end_us <= 1000, 0);
END;

-- A segment that shrinks (recovery cut its torn end, or the file was cut by hand): as if it were
-- removed and added again with its new end.
CREATE TRIGGER span_segment_shrink AFTER UPDATE OF end_us ON segment
WHEN NEW.end_us < OLD.end_us
BEGIN
  INSERT INTO recorded_span (stream_id, start_us, end_us)
  SELECT OLD.stream_id, n.start_us, p.end_us
    FROM (SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
            AND start_us > OLD.start_us ORDER BY start_us LIMIT 1) n,
         (SELECT end_us FROM recorded_span WHERE stream_id = OLD.stream_id
            AND start_us = (SELECT max(start_us) FROM recorded_span
                             WHERE stream_id = OLD.stream_id AND start_us <= OLD.start_us)) p
   WHERE n.start_us - OLD.end_us <= 1000 AND n.start_us - NEW.end_us > 1000;
  UPDATE recorded_span SET end_us = NEW.end_us
   WHERE stream_id = OLD.stream_id
     AND start_us = (SELECT max(start_us) FROM recorded_span
                      WHERE stream_id = OLD.stream_id AND start_us <= OLD.start_us)
     AND NOT coalesce((SELECT start_us FROM segment WHERE stream_id = OLD.stream_id
           AND start_us > OLD.start_us ORDER BY start_us LIMIT 1) - NEW.end_us <= 1000, 0);
END;

-- Segment buckets: counted in on insert, adjusted on growth, counted out on delete.
CREATE TRIGGER segment_bucket_insert AFTER INSERT ON segment
BEGIN
  INSERT INTO segment_bucket (stream_id, level_us, bucket_us, segments, bytes, recorded_us,
                              first_us, last_end_us)
  VALUES (NEW.stream_id, 3600000000, NEW.start_us / 3600000000 * 3600000000, 1, NEW.bytes,
          NEW.end_us - NEW.start_us, NEW.start_us, NEW.end_us)
  ON CONFLICT (stream_id, level_us, bucket_us) DO UPDATE SET segments = segments + 1,
     bytes = bytes + excluded.bytes, recorded_us = recorded_us + excluded.recorded_us,
     first_us = min(first_us, excluded.first_us),
     last_end_us = max(last_end_us, excluded.last_end_us);
  INSERT INTO segment_bucket (stream_id, level_us, bucket_us, segments, bytes, recorded_us,
                              first_us, last_end_us)
  VALUES (NEW.stream_id, 86400000000, NEW.start_us / 86400000000 * 86400000000, 1, NEW.bytes,
          NEW.end_us - NEW.start_us, NEW.start_us, NEW.end_us)
  ON CONFLICT (stream_id, level_us, bucket_us) DO UPDATE SET segments = segments + 1,
     bytes = bytes + excluded.bytes, recorded_us = recorded_us + excluded.recorded_us,
     first_us = min(first_us, excluded.first_us),
     last_end_us = max(last_end_us, excluded.last_end_us);
END;

CREATE TRIGGER segment_bucket_update AFTER UPDATE OF end_us, bytes ON segment
BEGIN
  UPDATE segment_bucket
     SET bytes = bytes + NEW.bytes - OLD.bytes, recorded_us = recorded_us + NEW.end_us - OLD.end_us,
         last_end_us = (SELECT end_us FROM segment WHERE stream_id = NEW.stream_id
                          AND start_us >= bucket_us AND start_us < bucket_us + level_us
                          ORDER BY start_us DESC LIMIT 1)
   WHERE stream_id = NEW.stream_id AND level_us = 3600000000
     AND bucket_us = NEW.start_us / 3600000000 * 3600000000;
  UPDATE segment_bucket
     SET bytes = bytes + NEW.bytes - OLD.bytes, recorded_us = recorded_us + NEW.end_us - OLD.end_us,
         last_end_us = (SELECT end_us FROM segment WHERE stream_id = NEW.stream_id
                          AND start_us >= bucket_us AND start_us < bucket_us + level_us
                          ORDER BY start_us DESC LIMIT 1)
   WHERE stream_id = NEW.stream_id AND level_us = 86400000000
     AND bucket_us = NEW.start_us / 86400000000 * 86400000000;
END;

CREATE TRIGGER segment_bucket_delete AFTER DELETE ON segment
BEGIN
  UPDATE segment_bucket
     SET segments = segments - 1, bytes = bytes - OLD.bytes,
         recorded_us = recorded_us - (OLD.end_us - OLD.start_us),
         first_us = coalesce((SELECT min(start_us) FROM segment WHERE stream_id = OLD.stream_id
                      AND start_us >= bucket_us AND start_us < bucket_us + level_us), first_us),
         last_end_us = coalesce((SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
                      AND start_us >= bucket_us AND start_us < bucket_us + level_us
                      ORDER BY start_us DESC LIMIT 1), last_end_us)
   WHERE stream_id = OLD.stream_id AND level_us = 3600000000
     AND bucket_us = OLD.start_us / 3600000000 * 3600000000;
  DELETE FROM segment_bucket
   WHERE stream_id = OLD.stream_id AND level_us = 3600000000
     AND bucket_us = OLD.start_us / 3600000000 * 3600000000 AND segments <= 0;
  UPDATE segment_bucket
     SET segments = segments - 1, bytes = bytes - OLD.bytes,
         recorded_us = recorded_us - (OLD.end_us - OLD.start_us),
         first_us = coalesce((SELECT min(start_us) FROM segment WHERE stream_id = OLD.stream_id
                      AND start_us >= bucket_us AND start_us < bucket_us + level_us), first_us),
         last_end_us = coalesce((SELECT end_us FROM segment WHERE stream_id = OLD.stream_id
                      AND start_us >= bucket_us AND start_us < bucket_us + level_us
                      ORDER BY start_us DESC LIMIT 1), last_end_us)
   WHERE stream_id = OLD.stream_id AND level_us = 86400000000
     AND bucket_us = OLD.start_us / 86400000000 * 86400000000;
  DELETE FROM segment_bucket
   WHERE stream_id = OLD.stream_id AND level_us = 86400000000
     AND bucket_us = OLD.start_us / 86400000000 * 86400000000 AND segments <= 0;
END;

-- Motion buckets: recomputed from the bucket's events (an hour or a day of one camera's events)
-- whenever one of them changes; events change rarely (start, end, retention).
CREATE TRIGGER motion_bucket_insert AFTER INSERT ON motion_event
BEGIN
  DELETE FROM motion_bucket WHERE camera_id = NEW.camera_id AND level_us = 3600000000
     AND bucket_us = NEW.start_us / 3600000000 * 3600000000;
  DELETE FROM motion_bucket WHERE camera_id = NEW.camera_id AND level_us = 86400000000
     AND bucket_us = NEW.start_us / 86400000000 * 86400000000;
  INSERT INTO motion_bucket (camera_id, level_us, bucket_us, events, ongoing, first_us,
                             last_end_us, peak_score, moving_us)
  SELECT NEW.camera_id, l.level_us, NEW.start_us / l.level_us * l.level_us, count(*),
         sum(e.end_us IS NULL), min(e.start_us), max(coalesce(e.end_us, e.start_us)),
         max(e.score), sum(coalesce(e.end_us, e.start_us) - e.start_us)
    FROM (SELECT 3600000000 AS level_us UNION ALL SELECT 86400000000) l
    JOIN motion_event e ON e.camera_id = NEW.camera_id
     AND e.start_us >= NEW.start_us / l.level_us * l.level_us
     AND e.start_us < NEW.start_us / l.level_us * l.level_us + l.level_us
   GROUP BY l.level_us;
END;

CREATE TRIGGER motion_bucket_update AFTER UPDATE OF end_us, score ON motion_event
BEGIN
  DELETE FROM motion_bucket WHERE camera_id = NEW.camera_id AND level_us = 3600000000
     AND bucket_us = NEW.start_us / 3600000000 * 3600000000;
  DELETE FROM motion_bucket WHERE camera_id = NEW.camera_id AND level_us = 86400000000
     AND bucket_us = NEW.start_us / 86400000000 * 86400000000;
  INSERT INTO motion_bucket (camera_id, level_us, bucket_us, events, ongoing, first_us,
                             last_end_us, peak_score, moving_us)
  SELECT NEW.camera_id, l.level_us, NEW.start_us / l.level_us * l.level_us, count(*),
         sum(e.end_us IS NULL), min(e.start_us), max(coalesce(e.end_us, e.start_us)),
         max(e.score), sum(coalesce(e.end_us, e.start_us) - e.start_us)
    FROM (SELECT 3600000000 AS level_us UNION ALL SELECT 86400000000) l
    JOIN motion_event e ON e.camera_id = NEW.camera_id
     AND e.start_us >= NEW.start_us / l.level_us * l.level_us
     AND e.start_us < NEW.start_us / l.level_us * l.level_us + l.level_us
   GROUP BY l.level_us;
END;

CREATE TRIGGER motion_bucket_delete AFTER DELETE ON motion_event
BEGIN
  DELETE FROM motion_bucket WHERE camera_id = OLD.camera_id AND level_us = 3600000000
     AND bucket_us = OLD.start_us / 3600000000 * 3600000000;
  DELETE FROM motion_bucket WHERE camera_id = OLD.camera_id AND level_us = 86400000000
     AND bucket_us = OLD.start_us / 86400000000 * 86400000000;
  INSERT INTO motion_bucket (camera_id, level_us, bucket_us, events, ongoing, first_us,
                             last_end_us, peak_score, moving_us)
  SELECT OLD.camera_id, l.level_us, OLD.start_us / l.level_us * l.level_us, count(*),
         sum(e.end_us IS NULL), min(e.start_us), max(coalesce(e.end_us, e.start_us)),
         max(e.score), sum(coalesce(e.end_us, e.start_us) - e.start_us)
    FROM (SELECT 3600000000 AS level_us UNION ALL SELECT 86400000000) l
    JOIN motion_event e ON e.camera_id = OLD.camera_id
     AND e.start_us >= OLD.start_us / l.level_us * l.level_us
     AND e.start_us < OLD.start_us / l.level_us * l.level_us + l.level_us
   GROUP BY l.level_us;
END;
