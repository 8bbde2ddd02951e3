package io.peerwall.decoder;

/**
 * How a {@link StreamDecoder} decodes.
 *
 * @param threadCount decoder threads; 1 (the default) is best for a wall of many streams, which
 *     already spread over the cores, and for latency
 * @param lowDelay output each picture as soon as it is decoded ({@code AV_CODEC_FLAG_LOW_DELAY}):
 *     one frame of latency instead of the several that frame threading holds back. It also turns
 *     frame threading off, so extra threads only help slice-threaded streams. Default on; turn it
 *     off for playback of recordings with B-frames, where the decoder must reorder.
 * @param keyframesOnly decode keyframes only and drop the rest: a cheap thumbnail mode for
 *     scrubbing and for tiles too small to be worth full decoding
 */
public record DecoderOptions(int threadCount, boolean lowDelay, boolean keyframesOnly) {

  public DecoderOptions {
    if (threadCount < 1 || threadCount > 16) {
      throw new IllegalArgumentException("threadCount must be 1..16, got " + threadCount);
    }
  }

  /** One thread, low delay, every frame. */
  public static DecoderOptions defaults() {
    return new DecoderOptions(1, true, false);
  }

  public DecoderOptions withThreadCount(int count) {
    return new DecoderOptions(count, lowDelay, keyframesOnly);
  }

  public DecoderOptions withLowDelay(boolean enabled) {
    return new DecoderOptions(threadCount, enabled, keyframesOnly);
  }

  public DecoderOptions withKeyframesOnly(boolean enabled) {
    return new DecoderOptions(threadCount, lowDelay, enabled);
  }
}
