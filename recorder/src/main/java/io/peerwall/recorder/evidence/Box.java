package io.peerwall.recorder.evidence;

import java.nio.charset.StandardCharsets;

/**
 * One ISO base media file format box as found in a file: its four-character type, where it starts,
 * the length of its header (8, 16 with a 64-bit size, +16 for a {@code uuid} type) and its size
 * including the header.
 */
record Box(String type, long offset, int headerSize, long size) {

  long end() {
    return offset + size;
  }

  long payloadOffset() {
    return offset + headerSize;
  }

  long payloadSize() {
    return size - headerSize;
  }

  boolean is(String fourcc) {
    return type.equals(fourcc);
  }

  /** The type as four printable characters (a corrupt type shows as its hex). */
  static String typeOf(int code) {
    byte[] b = {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
    for (byte c : b) {
      if (c < 0x20 || c > 0x7e) {
        return String.format("0x%08x", code);
      }
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  static int code(String fourcc) {
    byte[] b = fourcc.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length != 4) {
      throw new IllegalArgumentException("not a four-character code: " + fourcc);
    }
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  @Override
  public String toString() {
    return "'" + type + "' at " + offset + " (" + size + " bytes)";
  }
}
