package io.peerwall.recorder.custody;

/**
 * One entry of the append-only lock history: a lock made or released, when, by whom and why.
 *
 * @param action {@code "lock"} or {@code "release"}
 */
public record LockEvent(
    long id, long lockId, long atMicros, String action, String who, String reason) {}
