package io.peerwall.recorder.evidence;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads box headers of an untrusted file, bounded: every size is checked against its parent's end
 * and the file's end before it is used, a box list is cut off at {@link #MAX_BOXES} entries, and
 * payloads are read only up to a caller's limit. Nothing here allocates in proportion to a size
 * read from the file.
 */
final class BoxReader {
  /** More boxes than this at one level is not an export (an hour has ~7 200 top-level boxes). */
  static final int MAX_BOXES = 1_000_000;

  private final FileChannel channel;
  private final long fileSize;

  BoxReader(FileChannel channel) throws IOException {
    this.channel = channel;
    this.fileSize = channel.size();
  }

  long fileSize() {
    return fileSize;
  }

  /** The boxes at the top level of the file. */
  List<Box> topLevel() throws IOException, MalformedFileException {
    return children(0, fileSize, true);
  }

  /** The boxes inside {@code parent}, after {@code skip} payload bytes (4 for a full box). */
  List<Box> children(Box parent, int skip) throws IOException, MalformedFileException {
    if (parent.payloadSize() < skip) {
      throw new MalformedFileException(
          MalformedFileException.Kind.MALFORMED, "box " + parent + " is too small for its header");
    }
    return children(parent.payloadOffset() + skip, parent.end(), false);
  }

  private List<Box> children(long start, long end, boolean topLevel)
      throws IOException, MalformedFileException {
    List<Box> boxes = new ArrayList<>();
    long at = start;
    ByteBuffer header = ByteBuffer.allocate(16);
    while (at < end) {
      if (boxes.size() >= MAX_BOXES) {
        throw new MalformedFileException(
            MalformedFileException.Kind.MALFORMED, "more than " + MAX_BOXES + " boxes");
      }
      if (end - at < 8) {
        throw endsInside(topLevel, at, "a box header", end);
      }
      header.clear().limit(8);
      readFully(header, at);
      long size = Integer.toUnsignedLong(header.getInt(0));
      int code = header.getInt(4);
      int headerSize = 8;
      if (size == 1) {
        if (end - at < 16) {
          throw endsInside(topLevel, at, "a box header", end);
        }
        header.clear().limit(8);
        readFully(header, at + 8);
        size = header.getLong(0);
        headerSize = 16;
      } else if (size == 0) {
        size = end - at; // "extends to the end": allowed for the last box
      }
      if (code == Box.code("uuid")) {
        headerSize += 16;
      }
      String type = Box.typeOf(code);
      if (topLevel && boxes.isEmpty() && !isFileStart(type)) {
        throw new MalformedFileException(
            MalformedFileException.Kind.NOT_MP4,
            "not an MP4 file: it does not start with an MP4 box (its first bytes read '"
                + type
                + "' where 'ftyp' belongs)");
      }
      if (size < headerSize) {
        throw new MalformedFileException(
            topLevel && boxes.isEmpty()
                ? MalformedFileException.Kind.NOT_MP4
                : MalformedFileException.Kind.MALFORMED,
            "box '" + type + "' at " + at + " has an impossible size " + size);
      }
      if (size > end - at) {
        throw endsInside(topLevel, at, "box '" + type + "' (" + size + " bytes)", end);
      }
      boxes.add(new Box(type, at, headerSize, size));
      at += size;
    }
    if (topLevel && boxes.isEmpty()) {
      throw new MalformedFileException(MalformedFileException.Kind.NOT_MP4, "the file is empty");
    }
    return boxes;
  }

  private static boolean isFileStart(String type) {
    // ISO files start with ftyp (styp for segments); QuickTime files may start with other atoms.
    return switch (type) {
      case "ftyp", "styp", "moov", "mdat", "free", "skip", "wide", "pdin" -> true;
      default -> false;
    };
  }

  private MalformedFileException endsInside(boolean topLevel, long at, String what, long end) {
    if (topLevel || end == fileSize) {
      return new MalformedFileException(
          MalformedFileException.Kind.TRUNCATED,
          "the file is cut short: it ends inside "
              + what
              + " that starts at byte "
              + at
              + " ("
              + fileSize
              + " bytes in the file)");
    }
    return new MalformedFileException(
        MalformedFileException.Kind.MALFORMED,
        what + " at byte " + at + " runs past the end of the box that holds it");
  }

  /** Reads exactly the payload of a box, if it is at most {@code limit} bytes. */
  byte[] payload(Box box, int limit) throws IOException, MalformedFileException {
    if (box.payloadSize() > limit) {
      throw new MalformedFileException(
          MalformedFileException.Kind.MALFORMED,
          "box " + box + " is larger than the " + limit + " bytes such a box may have");
    }
    return read(box.payloadOffset(), (int) box.payloadSize());
  }

  byte[] read(long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    readFully(b, offset);
    return b.array();
  }

  private void readFully(ByteBuffer b, long offset) throws IOException {
    long at = offset;
    while (b.hasRemaining()) {
      int n = channel.read(b, at);
      if (n < 0) {
        throw new EOFException("the file shrank while it was read");
      }
      at += n;
    }
  }

  /** The first child of a type, or null. */
  static Box find(List<Box> boxes, String type) {
    for (Box b : boxes) {
      if (b.is(type)) {
        return b;
      }
    }
    return null;
  }

  /** How many children have this type. */
  static int count(List<Box> boxes, String type) {
    int n = 0;
    for (Box b : boxes) {
      n += b.is(type) ? 1 : 0;
    }
    return n;
  }
}
