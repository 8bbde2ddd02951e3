-- Cameras the station knows. A camera is identified by its camera ID (issue 4 makes it a hash of the
-- camera's public key); the name is the human label and may change.
CREATE TABLE camera (
  id            INTEGER PRIMARY KEY,
  camera_id     TEXT    NOT NULL UNIQUE,
  name          TEXT    NOT NULL,
  added_at_us   INTEGER NOT NULL,          -- microseconds since the Unix epoch
  last_seen_us  INTEGER                    -- last time a session with it was live
) STRICT;
