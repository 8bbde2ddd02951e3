package io.peerwall.recorder.review;

import io.peerwall.recorder.SegmentInfo;

/**
 * How far the segment being recorded can be read (invariant I6 of docs/storage.md): everything up
 * to {@code readableBytes} is whole frames, the last ending at {@code writtenEndMicros}. The index
 * row says {@code indexedEndMicros} (committed at least once a second while frames come); the file
 * is read from the row's last keyframe to find the frames written since (at most about two seconds
 * of video). Times in microseconds since the epoch.
 *
 * @param segment the open segment as its row describes it
 * @param lastFrameMicros time of the last whole frame in the file
 * @param readableBytes where that frame ends: read the file up to here, no further
 */
public record LiveEdge(
    SegmentInfo segment,
    long indexedEndMicros,
    long lastFrameMicros,
    long frames,
    long readableBytes) {}
