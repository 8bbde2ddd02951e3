package io.peerwall.recorder;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the recorder works, for all cameras.
 *
 * @param segmentLength target length of a segment; cut at the first keyframe after a boundary that
 *     is staggered per stream (docs/storage.md section 3)
 * @param quotaBytes most bytes of recordings to keep ({@link Long#MAX_VALUE}: only the reserve)
 * @param reserveBytes usable space to keep free on the file system; negative = automatic (1 GiB or
 *     5 % of the file system, whichever is smaller)
 * @param queueCapacity frames waiting for the mux, all cameras together; when full, frames are
 *     dropped (counted) and the stream waits for its next keyframe
 * @param motionFromMainStream analyse a camera's main stream for motion when it has no sub stream
 *     (always done for "motion only" cameras)
 * @param retentionInterval how often retention and the free-space check run
 * @param openSyncInterval how often the open segments are fsynced while being written, which bounds
 *     what a power loss can take (a closed segment is always synced before its row says closed)
 * @param clock wall clock for retention by age
 */
public record RecorderConfig(
    Duration segmentLength,
    long quotaBytes,
    long reserveBytes,
    int queueCapacity,
    boolean motionFromMainStream,
    Duration retentionInterval,
    Duration openSyncInterval,
    Clock clock) {

  public RecorderConfig {
    Objects.requireNonNull(clock, "clock");
    if (segmentLength.toMillis() < 1000) {
      throw new IllegalArgumentException("segments must be at least 1 s long");
    }
    if (quotaBytes <= 0 || queueCapacity < 16) {
      throw new IllegalArgumentException("quota must be positive and the queue at least 16");
    }
    if (retentionInterval.toMillis() < 10) {
      throw new IllegalArgumentException("retention interval too short");
    }
    if (openSyncInterval.toMillis() < 10) {
      throw new IllegalArgumentException("open-segment sync interval too short");
    }
  }

  /** One-minute segments, no quota, automatic reserve, motion from the main stream if needed. */
  public static RecorderConfig defaults() {
    return new RecorderConfig(
        Duration.ofMinutes(1),
        Long.MAX_VALUE,
        -1,
        4096,
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Clock.systemUTC());
  }

  public RecorderConfig withSegmentLength(Duration length) {
    return new RecorderConfig(
        length,
        quotaBytes,
        reserveBytes,
        queueCapacity,
        motionFromMainStream,
        retentionInterval,
        openSyncInterval,
        clock);
  }

  public RecorderConfig withQuota(long quota, long reserve) {
    return new RecorderConfig(
        segmentLength,
        quota,
        reserve,
        queueCapacity,
        motionFromMainStream,
        retentionInterval,
        openSyncInterval,
        clock);
  }

  public RecorderConfig withMotionFromMainStream(boolean enabled) {
    return new RecorderConfig(
        segmentLength,
        quotaBytes,
        reserveBytes,
        queueCapacity,
        enabled,
        retentionInterval,
        openSyncInterval,
        clock);
  }

  public RecorderConfig withRetentionInterval(Duration interval) {
    return new RecorderConfig(
        segmentLength,
        quotaBytes,
        reserveBytes,
        queueCapacity,
        motionFromMainStream,
        interval,
        openSyncInterval,
        clock);
  }

  public RecorderConfig withQueueCapacity(int capacity) {
    return new RecorderConfig(
        segmentLength,
        quotaBytes,
        reserveBytes,
        capacity,
        motionFromMainStream,
        retentionInterval,
        openSyncInterval,
        clock);
  }

  public RecorderConfig withOpenSyncInterval(Duration interval) {
    return new RecorderConfig(
        segmentLength,
        quotaBytes,
        reserveBytes,
        queueCapacity,
        motionFromMainStream,
        retentionInterval,
        interval,
        clock);
  }

  public RecorderConfig withClock(Clock newClock) {
    return new RecorderConfig(
        segmentLength,
        quotaBytes,
        reserveBytes,
        queueCapacity,
        motionFromMainStream,
        retentionInterval,
        openSyncInterval,
        newClock);
  }

  /** The reserve for a file system of {@code totalBytes}. */
  long reserveFor(long totalBytes) {
    return reserveBytes >= 0 ? reserveBytes : Math.min(1L << 30, totalBytes / 20);
  }
}
