package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends FFmpeg's own log messages (av_log) to SLF4J logger {@code ffmpeg} instead of stderr, with
 * credentials redacted.
 *
 * <p>Why: by default FFmpeg prints to the process's stderr, which a desktop app or a service does
 * not keep, at a level that floods it on a lossy stream; and a message may quote a camera URL.
 * Levels map one step down, because FFmpeg reports recoverable stream problems as errors and our
 * own code reports real failures: FFmpeg error to WARN, warning to INFO, info to DEBUG. Messages
 * below FFmpeg's warning level are not even formatted, so a busy wall pays nothing for them.
 *
 * <p>Process-wide (FFmpeg has one log callback): call {@link #install()} once at startup.
 */
public final class FfmpegLogging {

  private static final Logger log = LoggerFactory.getLogger("ffmpeg");

  // Kept reachable for the life of the process: FFmpeg holds only the native function pointer.
  private static Callback installed;

  private FfmpegLogging() {}

  /** Routes av_log to SLF4J. Idempotent and thread-safe. */
  public static synchronized void install() {
    if (installed != null) {
      return;
    }
    Callback callback = new Callback();
    callback.retainReference();
    av_log_set_level(log.isDebugEnabled() ? AV_LOG_INFO : AV_LOG_WARNING);
    setLogCallback(callback);
    installed = callback;
  }

  /** Whether {@link #install()} has run. */
  public static synchronized boolean isInstalled() {
    return installed != null;
  }

  private static final class Callback extends LogCallback {
    @Override
    public void call(int level, BytePointer message) {
      // Runs on whatever thread FFmpeg logs from; it must never throw into native code.
      try {
        if (level > AV_LOG_INFO || message == null || message.isNull()) {
          return;
        }
        String text = Redaction.redact(message.getString().strip());
        if (text.isEmpty()) {
          return;
        }
        if (level <= AV_LOG_ERROR) {
          log.warn(text);
        } else if (level <= AV_LOG_WARNING) {
          log.info(text);
        } else {
          log.debug(text);
        }
      } catch (RuntimeException e) {
        log.debug("dropped an FFmpeg log message: {}", e.toString());
      }
    }
  }
}
