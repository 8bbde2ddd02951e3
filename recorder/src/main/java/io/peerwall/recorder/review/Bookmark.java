package io.peerwall.recorder.review;

/**
 * A bookmark (issue 15.6): a name and a note on [start, end) of one camera. Times in microseconds
 * since the epoch; who = the OS user.
 */
public record Bookmark(
    long id,
    String cameraId,
    long startMicros,
    long endMicros,
    String name,
    String note,
    String createdBy,
    long createdAtMicros,
    String updatedBy,
    long updatedAtMicros) {}
