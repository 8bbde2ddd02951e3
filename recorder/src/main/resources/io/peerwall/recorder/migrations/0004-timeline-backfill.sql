-- The timeline tables of migration 0003 for recordings made before it: computed once, each a pass
-- over the segment (or event) index in order. Also run by SyntheticIndex after a bulk load.
INSERT INTO recorded_span (stream_id, start_us, end_us)
SELECT stream_id, start_us, CASE WHEN is_end THEN end_us ELSE next_end END
  FROM (SELECT stream_id, start_us, end_us, is_start, is_end,
               lead(end_us) OVER (PARTITION BY stream_id ORDER BY start_us) AS next_end
          FROM (SELECT stream_id, start_us, end_us,
                       coalesce(start_us - lag(end_us) OVER w > 1000, 1) AS is_start,
                       coalesce(lead(start_us) OVER w - end_us > 1000, 1) AS is_end
                  FROM segment WINDOW w AS (PARTITION BY stream_id ORDER BY start_us))
         WHERE is_start OR is_end)
 WHERE is_start;

INSERT INTO segment_bucket (stream_id, level_us, bucket_us, segments, bytes, recorded_us,
                            first_us, last_end_us)
SELECT stream_id, 3600000000, start_us / 3600000000 * 3600000000, count(*), sum(bytes),
       sum(end_us - start_us), min(start_us), max(end_us)
  FROM segment GROUP BY stream_id, start_us / 3600000000;

INSERT INTO segment_bucket (stream_id, level_us, bucket_us, segments, bytes, recorded_us,
                            first_us, last_end_us)
SELECT stream_id, 86400000000, bucket_us / 86400000000 * 86400000000, sum(segments), sum(bytes),
       sum(recorded_us), min(first_us), max(last_end_us)
  FROM segment_bucket WHERE level_us = 3600000000 GROUP BY stream_id, bucket_us / 86400000000;

INSERT INTO motion_bucket (camera_id, level_us, bucket_us, events, ongoing, first_us, last_end_us,
                           peak_score, moving_us)
SELECT camera_id, l.level_us, start_us / l.level_us * l.level_us, count(*), sum(end_us IS NULL),
       min(start_us), max(coalesce(end_us, start_us)), max(score),
       sum(coalesce(end_us, start_us) - start_us)
  FROM motion_event, (SELECT 3600000000 AS level_us UNION ALL SELECT 86400000000) l
 GROUP BY camera_id, l.level_us, start_us / l.level_us;
