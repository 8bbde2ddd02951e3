package io.peerwall.decoder.demux;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a {@link MediaInput}.
 *
 * @param formatName FFmpeg input format to force (e.g. "video4linux2"), null to probe
 * @param formatOptions FFmpeg options for the demuxer and protocol (e.g. rtsp_transport=tcp)
 * @param openTimeout longest time opening (connect, handshake, stream probing) may take
 * @param readTimeout longest time one read may block before the input counts as stalled; zero for
 *     no limit (files)
 */
public record InputOptions(
    String formatName,
    Map<String, String> formatOptions,
    Duration openTimeout,
    Duration readTimeout) {

  public InputOptions {
    formatOptions = Map.copyOf(Objects.requireNonNull(formatOptions, "formatOptions"));
    Objects.requireNonNull(openTimeout, "openTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (openTimeout.isNegative() || readTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts cannot be negative");
    }
  }

  /** Local files: probe the format, 10 s to open, no read limit. */
  public static InputOptions file() {
    return new InputOptions(null, Map.of(), Duration.ofSeconds(10), Duration.ZERO);
  }

  public InputOptions withFormat(String name) {
    return new InputOptions(name, formatOptions, openTimeout, readTimeout);
  }

  /** Adds (or replaces) one FFmpeg option. */
  public InputOptions with(String key, String value) {
    Map<String, String> options = new LinkedHashMap<>(formatOptions);
    options.put(key, value);
    return new InputOptions(formatName, options, openTimeout, readTimeout);
  }

  public InputOptions withTimeouts(Duration open, Duration read) {
    return new InputOptions(formatName, formatOptions, open, read);
  }
}
