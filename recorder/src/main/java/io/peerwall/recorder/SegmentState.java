package io.peerwall.recorder;

/**
 * The figures of one segment row at a moment: what the mux reports while writing, what the sync
 * thread reports when closed, what recovery finds.
 *
 * @param endMicros start plus the duration of all frames
 * @param keyframes the compact keyframe index ({@link KeyframeIndex})
 * @param sha256 of the whole file, only once closed
 * @param flags {@link SegmentRows#FLAG_RECOVERED}, {@link SegmentRows#FLAG_DAMAGED}
 */
record SegmentState(
    long id,
    long streamId,
    long startMicros,
    long endMicros,
    boolean closed,
    long bytes,
    long frames,
    byte[] keyframes,
    byte[] sha256,
    int flags) {}
