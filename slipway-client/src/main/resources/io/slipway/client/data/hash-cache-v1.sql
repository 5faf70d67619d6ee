-- Slipway's local hash cache (HashCache), schema version 1 (PRAGMA user_version).
-- One row per file hashed: the SHA-256 holds while the file's size, mtime and inode are unchanged.
CREATE TABLE file_hashes (
    path      TEXT    NOT NULL PRIMARY KEY,  -- absolute, normalised
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,              -- last-modified time, ns since the epoch
    inode     TEXT    NOT NULL,              -- BasicFileAttributes.fileKey() (device and inode), '' where the OS has none
    sha256    TEXT    NOT NULL,
    hashed_at INTEGER NOT NULL               -- ms since the epoch, for pruning
) WITHOUT ROWID;
