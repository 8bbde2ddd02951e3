package io.peerwall.decoder;

import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;

import org.bytedeco.javacpp.BytePointer;

/**
 * The native copy of the unit being sent to the decoder, with the zeroed padding FFmpeg's bitstream
 * reader needs after the data. One buffer is reused and grown as needed, so steady state allocates
 * no native memory.
 */
final class PaddedInput implements AutoCloseable {

  private static final byte[] PADDING = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

  private final long maxBytes;
  private BytePointer input;
  private long inputCapacity;

  /**
   * @param maxBytes the largest unit that will be copied; bounds how far the buffer grows ahead
   */
  PaddedInput(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Copies {@code data} and the padding; the result is valid until the next copy or close. */
  BytePointer copy(byte[] data) {
    long needed = (long) data.length + AV_INPUT_BUFFER_PADDING_SIZE;
    if (input == null || inputCapacity < needed) {
      if (input != null) {
        input.close();
      }
      inputCapacity = Math.max(needed, Math.min(2 * inputCapacity, maxBytes + needed));
      input = new BytePointer(inputCapacity);
    }
    input.position(0).put(data, 0, data.length);
    input.position(data.length).put(PADDING, 0, PADDING.length);
    input.position(0);
    return input;
  }

  /** Frees the buffer. Idempotent; a later copy allocates a new one. */
  @Override
  public void close() {
    if (input != null) {
      input.close();
      input = null;
      inputCapacity = 0;
    }
  }
}
