package io.peerwall.recorder;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** What every {@link StreamWriter} shares: where files go, ids, the threads after the mux. */
record MuxContext(
    Path recordings,
    AtomicLong nextSegmentId,
    IndexWriter index,
    SegmentSync sync,
    DiskGuard guard,
    RecorderConfig config,
    Runnable lowSpace) {}
