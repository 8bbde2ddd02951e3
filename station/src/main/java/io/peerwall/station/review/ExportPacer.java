package io.peerwall.station.review;

import io.peerwall.decoder.mux.Mp4Exporter;
import java.io.InterruptedIOException;
import java.util.function.LongSupplier;

/**
 * Bounds an export's read rate (a token bucket of one second) so it never takes the disk from the
 * recorder and the live wall, and stops it when cancelled. Asked before every packet the exporter
 * copies; waits on the exporting thread only.
 */
final class ExportPacer implements Mp4Exporter.ReadGate {
  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private volatile boolean cancelled;
  private long allowance;
  private long lastNanos;
  private long waitedNanos;

  ExportPacer(long bytesPerSecond, LongSupplier nanoTime) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("the export rate must be positive");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.lastNanos = nanoTime.getAsLong();
    this.allowance = bytesPerSecond / 10; // a short burst at the start
  }

  /** Stops the export at its next packet. Any thread. */
  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
  }

  /** Time spent waiting for the rate (how much the bound slowed the export). */
  long waitedNanos() {
    return waitedNanos;
  }

  @Override
  public void beforePacket(int bytes) throws InterruptedIOException {
    if (cancelled) {
      throw new InterruptedIOException("export cancelled");
    }
    refill();
    while (allowance < bytes) {
      long missing = bytes - allowance;
      long sleepNanos = Math.max(1_000_000, missing * 1_000_000_000L / bytesPerSecond);
      long started = nanoTime.getAsLong();
      try {
        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("export interrupted");
      }
      waitedNanos += nanoTime.getAsLong() - started;
      if (cancelled) {
        throw new InterruptedIOException("export cancelled");
      }
      refill();
    }
    allowance -= bytes;
  }

  private void refill() {
    long now = nanoTime.getAsLong();
    long earned = (now - lastNanos) * bytesPerSecond / 1_000_000_000L;
    if (earned > 0) {
      allowance = Math.min(bytesPerSecond, allowance + earned);
      lastNanos = now;
    }
  }
}
