-- The password audit's history (docs/audit.md): every reading of a camera's password facts,
-- kept with its date. Counters are the camera's own (cumulative); windows are differences
-- between readings. Never a password, a verifier or anything computed from one except the
-- camera's 24-bit reuse tag.
CREATE TABLE facts_reading (
  id INTEGER PRIMARY KEY,
  camera_id TEXT NOT NULL,
  camera_name TEXT NOT NULL,
  read_at_ms INTEGER NOT NULL,
  -- camera info (every camera sends it)
  password_set_at_ms INTEGER NOT NULL,
  strength_word TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL,
  failed_password_changes INTEGER NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL,
  blocklisted_attempts INTEGER NOT NULL,
  last_blocklisted_at_ms INTEGER NOT NULL,
  paired_stations INTEGER NOT NULL,
  -- password facts: has_facts = 0 for a camera too old to send them (every column below null)
  has_facts INTEGER NOT NULL,
  has_password INTEGER,
  origin TEXT,
  score INTEGER,
  length INTEGER,
  scan TEXT,
  listed_list TEXT,
  listed_vendor TEXT,
  listed_at_ms INTEGER,
  refused_list TEXT,
  refused_vendor TEXT,
  refused_at_ms INTEGER,
  reuse_state TEXT,
  site_key_id TEXT,
  reuse_tag TEXT,
  key_exports INTEGER,
  last_export_to TEXT
);
CREATE INDEX facts_reading_camera_time ON facts_reading (camera_id, read_at_ms);

-- A password change waiting for its camera to come back. No password here: the passwords of a
-- queued change live only in the running station's memory (decision 0092).
CREATE TABLE queued_fix (
  camera_id TEXT PRIMARY KEY,
  queued_at_ms INTEGER NOT NULL
);

-- The site key this station spreads between its cameras (its id only; the key never leaves the
-- cameras unsealed).
CREATE TABLE site_key (
  only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
  site_key_id TEXT NOT NULL,
  adopted_at_ms INTEGER NOT NULL
);

-- Wrong current passwords this station typed itself in a fix: the audit does not take its own
-- typos for evidence that a station key is in the wrong hands.
CREATE TABLE own_failed_change (
  camera_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX own_failed_change_camera ON own_failed_change (camera_id, at_ms);
