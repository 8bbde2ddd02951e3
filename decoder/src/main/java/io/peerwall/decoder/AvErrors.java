package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/** Turns FFmpeg's negative error codes into readable text for logs and exceptions. */
public final class AvErrors {

  private AvErrors() {}

  /** Readable text for an FFmpeg error code, with the code itself. */
  public static String describe(int error) {
    byte[] buffer = new byte[128];
    if (av_strerror(error, buffer, buffer.length) < 0) {
      return "FFmpeg error " + error;
    }
    int length = 0;
    while (length < buffer.length && buffer[length] != 0) {
      length++;
    }
    return new String(buffer, 0, length, StandardCharsets.UTF_8) + " (" + error + ")";
  }
}
