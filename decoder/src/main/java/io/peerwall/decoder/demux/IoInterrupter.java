package io.peerwall.decoder.demux;

import io.peerwall.decoder.AvErrors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's interrupt callback for one input: makes a blocking open or read return (with
 * AVERROR_EXIT) when its deadline passes or when another thread aborts it.
 *
 * <p>Why: a camera that stops sending leaves {@code av_read_frame} blocked for as long as the
 * protocol's own timeouts allow, and FFmpeg offers no other way to cancel a call from outside.
 * FFmpeg polls this on the calling thread (already attached to the JVM), so it costs one JNI
 * up-call per poll, a few per packet.
 */
final class IoInterrupter extends AVIOInterruptCB.Callback_Pointer {

  private final AtomicBoolean cancelled;
  private volatile boolean aborted;
  private volatile long deadlineNanos;
  private volatile boolean fired;

  /**
   * @param cancelled a flag the owner may set from any thread to cancel; null for none
   */
  IoInterrupter(AtomicBoolean cancelled) {
    this.cancelled = cancelled;
  }

  /** Lets the next blocking call run for at most {@code timeoutNanos} (0 or less: no limit). */
  void arm(long timeoutNanos) {
    fired = false;
    deadlineNanos = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
  }

  /** Makes every current and future blocking call return at once. Thread-safe. */
  void abort() {
    aborted = true;
  }

  boolean isAborted() {
    return aborted || (cancelled != null && cancelled.get());
  }

  /** Whether the last armed deadline expired (as opposed to an abort). */
  boolean deadlineExpired() {
    return fired && !aborted;
  }

  /** The reason for a failed call in words: our own abort or deadline, else FFmpeg's error. */
  String describe(int error) {
    if (isAborted()) {
      return "aborted";
    }
    if (deadlineExpired()) {
      return "timed out";
    }
    return AvErrors.describe(error);
  }

  @Override
  public int call(Pointer opaque) {
    if (isAborted()) {
      return 1;
    }
    long deadline = deadlineNanos;
    if (deadline != 0 && System.nanoTime() - deadline > 0) {
      fired = true;
      return 1;
    }
    return 0;
  }
}
