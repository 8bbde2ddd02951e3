package io.peerwall.p2p.signaling;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads '\n'-terminated UTF-8 lines with a hard byte limit. Never buffers more than the limit: a
 * longer line is a {@link SignalingProtocolException}, as is invalid UTF-8 or a stream that ends in
 * the middle of a line. A trailing '\r' is removed.
 */
public final class BoundedLineReader {
  private final InputStream in;
  private final int maxBytes;
  private final byte[] line;
  private final byte[] chunk = new byte[4096];
  private int chunkPos;
  private int chunkLen;

  public BoundedLineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
    this.line = new byte[maxBytes];
  }

  /** The next line, or null on end of stream at a line boundary. */
  public String readLine() throws IOException {
    int n = 0;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk);
        chunkPos = 0;
        if (chunkLen < 0) {
          chunkLen = 0;
          if (n == 0) {
            return null;
          }
          throw new EOFException("connection closed in the middle of a line");
        }
      }
      byte b = chunk[chunkPos++];
      if (b == '\n') {
        if (n > 0 && line[n - 1] == '\r') {
          n--;
        }
        return decode(n);
      }
      if (n == maxBytes) {
        throw new SignalingProtocolException("line longer than " + maxBytes + " bytes");
      }
      line[n++] = b;
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
