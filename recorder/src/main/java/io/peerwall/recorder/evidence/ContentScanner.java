package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Takes a file's bytes in order, once, and computes in the same pass the SHA-256 the signature
 * covers and, for the diagnostic manifest, the place and CRC-32C of every top-level box and of the
 * movie box's children. The CRC runs at tens of GB/s, so the pass costs what SHA-256 costs.
 *
 * <p>Box sizes come from the bytes themselves; a box that claims to run past the end is reported by
 * {@link #finish} (the signer refuses such a file). The movie box is kept in memory to list its
 * children only up to {@link #MAX_MOVIE_BOX} bytes.
 */
final class ContentScanner {
  static final int CHUNK = 1 << 20;
  static final int MAX_MOVIE_BOX = 64 << 20;

  private final MessageDigest sha256 = Pss.sha256();
  private final List<BoxDigest> boxes = new ArrayList<>();
  private final ByteBuffer header = ByteBuffer.allocate(16);
  private final CRC32C crc = new CRC32C();
  private long position;
  private long boxStart;
  private long boxEnd = -1; // -1: reading a header
  private String boxType;
  private ByteBuffer movie;

  long position() {
    return position;
  }

  MessageDigest digest() {
    return sha256;
  }

  /** Feeds the next bytes of the file (the buffer is consumed). */
  void accept(ByteBuffer bytes) throws MalformedFileException {
    sha256.update(bytes.duplicate());
    while (bytes.hasRemaining()) {
      if (boxEnd < 0) {
        readHeader(bytes);
      } else {
        int n = (int) Math.min(bytes.remaining(), boxEnd - position);
        ByteBuffer slice = bytes.slice().limit(n);
        crc.update(slice.duplicate());
        if (movie != null) {
          movie.put(slice);
        }
        bytes.position(bytes.position() + n);
        position += n;
        if (position == boxEnd) {
          endBox();
        }
      }
    }
  }

  private void readHeader(ByteBuffer bytes) throws MalformedFileException {
    int need = header.position() < 8 ? 8 : 16;
    while (header.position() < need && bytes.hasRemaining()) {
      byte b = bytes.get();
      header.put(b);
      position++;
    }
    if (header.position() < need) {
      return;
    }
    long size = Integer.toUnsignedLong(header.getInt(0));
    if (size == 1 && need == 8) {
      return; // a 64-bit size follows
    }
    int headerSize = need;
    if (size == 1) {
      size = header.getLong(8);
    }
    boxType = Box.typeOf(header.getInt(4));
    if (size == 0 || size < headerSize) {
      throw new MalformedFileException(
          MalformedFileException.Kind.MALFORMED,
          "box '" + boxType + "' at " + boxStart + " has size " + size);
    }
    boxEnd = boxStart + size;
    crc.reset();
    crc.update(header.array(), 0, headerSize);
    if (boxType.equals("moov") && size <= MAX_MOVIE_BOX) {
      movie = ByteBuffer.allocate((int) size);
      movie.put(header.array(), 0, headerSize);
    }
    header.clear();
    if (position == boxEnd) {
      endBox();
    }
  }

  private void endBox() {
    boxes.add(new BoxDigest(0, boxType, boxStart, boxEnd - boxStart, (int) crc.getValue()));
    if (movie != null) {
      children(movie.array(), boxStart);
      movie = null;
    }
    boxStart = boxEnd;
    boxEnd = -1;
  }

  private void children(byte[] moov, long moovOffset) {
    ByteBuffer b = ByteBuffer.wrap(moov);
    int at = 8;
    while (moov.length - at >= 8) {
      long size = Integer.toUnsignedLong(b.getInt(at));
      if (size < 8 || size > moov.length - at) {
        return; // a damaged child: the top-level CRC already tells the movie box changed
      }
      CRC32C c = new CRC32C();
      c.update(moov, at, (int) size);
      boxes.add(
          new BoxDigest(
              1, Box.typeOf(b.getInt(at + 4)), moovOffset + at, size, (int) c.getValue()));
      at += (int) size;
    }
  }

  /**
   * The boxes, once the whole file has passed.
   *
   * @throws MalformedFileException if the file ended inside a box
   */
  List<BoxDigest> finish() throws MalformedFileException {
    if (boxEnd >= 0 || header.position() > 0) {
      throw new MalformedFileException(
          MalformedFileException.Kind.TRUNCATED,
          "the file ends inside box '"
              + (boxType == null ? "?" : boxType)
              + "' that starts at byte "
              + boxStart);
    }
    return List.copyOf(boxes);
  }

  /** Scans {@code length} bytes of a file from its start. */
  static ContentScanner scan(FileChannel channel, long length)
      throws IOException, MalformedFileException {
    ContentScanner s = new ContentScanner();
    s.readFrom(channel, length);
    return s;
  }

  /** Reads from where it stands up to {@code length} bytes of the file. */
  void readFrom(FileChannel channel, long length) throws IOException, MalformedFileException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
    while (position < length) {
      buffer.clear().limit((int) Math.min(CHUNK, length - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new java.io.EOFException("the file shrank while it was read");
      }
      buffer.flip();
      accept(buffer);
    }
  }
}
