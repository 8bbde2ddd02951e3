-- Bookmarks (issue 15.6): a name and a note on a time range of one camera, for the timeline, search
-- and exports. Written by the user's actions (any process), never by the recorder.
CREATE TABLE bookmark (
  id             INTEGER PRIMARY KEY,
  camera_id      INTEGER NOT NULL REFERENCES camera (id),
  start_us       INTEGER NOT NULL,
  end_us         INTEGER NOT NULL,
  name           TEXT    NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
  note           TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 10000),
  search_text    TEXT    NOT NULL,           -- name and note, NFKC and lower case, for search
  created_by     TEXT    NOT NULL,           -- OS user
  created_at_us  INTEGER NOT NULL,
  updated_by     TEXT    NOT NULL,
  updated_at_us  INTEGER NOT NULL,
  -- At most a day long, so the bookmarks overlapping a window are found from the index alone.
  CHECK (end_us >= start_us AND end_us - start_us <= 86400000000)
) STRICT;
CREATE INDEX bookmark_camera_time ON bookmark (camera_id, start_us);
