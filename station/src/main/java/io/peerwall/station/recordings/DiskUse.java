package io.peerwall.station.recordings;

import io.peerwall.recorder.RecorderStatus;

/**
 * What the status bar says about the disk: bytes of recordings kept and usable space left on their
 * file system (as the recorder last measured it; reading it does no I/O), how much of the
 * recordings evidence locks keep from retention, and the recorder's warning about them.
 *
 * @param lockedBytes bytes under active evidence locks (part of {@code recordedBytes})
 * @param warning the recorder's warning when locks take most of the quota or more, else empty
 */
public record DiskUse(long recordedBytes, long freeBytes, long lockedBytes, String warning) {

  public DiskUse {
    warning = warning == null ? "" : warning;
  }

  /** Without locks. */
  public DiskUse(long recordedBytes, long freeBytes) {
    this(recordedBytes, freeBytes, 0, "");
  }

  /** From the recorder's status (its figures are kept up to date by its own threads). */
  public static DiskUse of(RecorderStatus status) {
    return new DiskUse(
        status.recordedBytes(),
        Math.max(0, status.usableBytes()),
        Math.max(0, status.lockedBytes()),
        status.warning());
  }

  /** "12.4 GB" style, decimal units as disks are sold. */
  public static String human(long bytes) {
    if (bytes < 1_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.0f kB", bytes / 1e3);
    }
    if (bytes < 1_000_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
    if (bytes < 1_000_000_000_000L) {
      return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
    return String.format(java.util.Locale.ROOT, "%.2f TB", bytes / 1e12);
  }
}
