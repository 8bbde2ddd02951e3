package io.peerwall.recorder;

import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether segments may be written: false after a write failed for lack of space (or an I/O error),
 * or when retention finds the usable space under the reserve with nothing left to delete. Set by
 * the mux and retention threads, cleared only by retention once the space is back; read by
 * everyone. Each change is logged once.
 */
final class DiskGuard {
  private static final Logger log = LoggerFactory.getLogger(DiskGuard.class);

  private volatile String blocked;
  private volatile Runnable onBlocked = () -> {};

  void onBlocked(Runnable action) {
    this.onBlocked = action;
  }

  /** Null when writing is allowed, else the message for the user. */
  String blockedReason() {
    return blocked;
  }

  boolean blocked() {
    return blocked != null;
  }

  /** A segment write failed. */
  void writeFailed(IOException e) {
    block(
        isNoSpace(e)
            ? "the disk is full (" + e.getMessage() + "); recording resumes when space is freed"
            : "cannot write recordings: " + e.getMessage());
  }

  void block(String reason) {
    boolean newly;
    synchronized (this) {
      newly = blocked == null;
      if (newly) {
        log.error("recording paused: {}", reason);
      }
      blocked = reason;
    }
    if (newly) {
      // Only on the change: retention blocks again on each pass while nothing can be deleted,
      // and poking it each time would make it spin.
      onBlocked.run();
    }
  }

  void clear(long usableBytes) {
    synchronized (this) {
      if (blocked != null) {
        log.warn("recording resumes: {} MB usable", usableBytes >> 20);
      }
      blocked = null;
    }
  }

  static boolean isNoSpace(IOException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return message.contains("no space") || message.contains("quota") || message.contains("enospc");
  }
}
