package io.peerwall.p2p.signaling;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads '\n'-terminated UTF-8 lines with a hard byte limit. Never buffers more than the limit: a
 * longer line is a {@link SignalingProtocolException}, as is invalid UTF-8 or a stream that ends in
 * the middle of a line. A trailing '\r' is removed.
 *
 * <p>With a deadline ({@link #readLine(long, ReadTimeout)}) the whole line must arrive before it: a
 * peer dripping one byte at a time cannot hold the reader longer, because each blocking read gets
 * only the time that is left, not a fresh timeout. A line cut by the deadline is kept and completed
 * by the next call.
 */
public final class BoundedLineReader {
  /** Sets the underlying socket's read timeout (e.g. {@code socket::setSoTimeout}). */
  @FunctionalInterface
  public interface ReadTimeout {
    void set(int millis) throws IOException;
  }

  private final InputStream in;
  private final int maxBytes;
  private final byte[] line;
  private final byte[] chunk = new byte[4096];
  private int chunkPos;
  private int chunkLen;
  private int lineLen; // bytes of the line under way (kept across a deadline)

  public BoundedLineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.line = new byte[maxBytes];
  }

  /** The next line, or null on end of stream at a line boundary; waits as the stream does. */
  public String readLine() throws IOException {
    return readLine(0, null);
  }

  /**
   * The next line, or null on end of stream at a line boundary, complete before {@code
   * deadlineNanos} ({@link System#nanoTime()}).
   *
   * @param timeout sets the stream's read timeout before each blocking read; null: no deadline
   * @throws SocketTimeoutException if the deadline passes before the line is complete
   */
  public String readLine(long deadlineNanos, ReadTimeout timeout) throws IOException {
    while (true) {
      if (chunkPos == chunkLen) {
        if (timeout != null) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            throw new SocketTimeoutException("no complete line before the deadline");
          }
          timeout.set((int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000)));
        }
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen < 0) {
          chunkLen = 0;
          if (lineLen == 0) {
            return null;
          }
          throw new EOFException("connection closed in the middle of a line");
        }
      }
      byte b = chunk[chunkPos++];
      if (b == '\n') {
        int n = lineLen;
        lineLen = 0;
        if (n > 0 && line[n - 1] == '\r') {
          n--;
        }
        return decode(n);
      }
      if (lineLen == maxBytes) {
        throw new SignalingProtocolException("line longer than " + maxBytes + " bytes");
      }
      line[lineLen++] = b;
    }
  }

  private String decode(int n) throws SignalingProtocolException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line, 0, n))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SignalingProtocolException("line is not valid UTF-8");
    }
  }
}
