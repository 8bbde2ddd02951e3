package io.peerwall.recorder.review;

import io.peerwall.recorder.KeyframeIndex;
import io.peerwall.recorder.SegmentInfo;

/**
 * Where a frame is: the segment, the keyframe to start decoding from (its byte offset is a valid
 * place to start reading the file), and the frame itself. Times in microseconds since the epoch.
 *
 * @param frame the frame's number within the segment (0-based)
 * @param frameMicros its wall-clock time
 * @param offset byte offset of the frame's span in the file
 * @param length bytes of its span
 * @param inside whether the time asked for falls inside the segment (false: after its end, in a
 *     gap; the frame is then the segment's last)
 */
public record FramePosition(
    SegmentInfo segment,
    KeyframeIndex.Keyframe keyframe,
    long keyframeMicros,
    int frame,
    long frameMicros,
    long offset,
    int length,
    boolean inside) {}
