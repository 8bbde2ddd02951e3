package io.peerwall.recorder.evidence;

import java.nio.charset.StandardCharsets;

/** Reads fields of a box payload already in memory; any read past its end is a malformed box. */
final class PayloadReader {
  private final byte[] data;
  private final String box;
  private int at;

  PayloadReader(byte[] data, String box) {
    this.data = data;
    this.box = box;
  }

  int remaining() {
    return data.length - at;
  }

  int u8() throws MalformedFileException {
    need(1);
    return data[at++] & 0xff;
  }

  int u16() throws MalformedFileException {
    need(2);
    int v = (data[at] & 0xff) << 8 | (data[at + 1] & 0xff);
    at += 2;
    return v;
  }

  long u32() throws MalformedFileException {
    need(4);
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = v << 8 | (data[at++] & 0xff);
    }
    return v;
  }

  long u64() throws MalformedFileException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (data[at++] & 0xff);
    }
    return v;
  }

  byte[] bytes(int n) throws MalformedFileException {
    need(n);
    byte[] b = java.util.Arrays.copyOfRange(data, at, at + n);
    at += n;
    return b;
  }

  /** A null-terminated UTF-8 string of at most {@code max} bytes. */
  String string(int max) throws MalformedFileException {
    int end = at;
    while (end < data.length && data[end] != 0) {
      if (end - at >= max) {
        throw malformed("a text longer than " + max + " bytes");
      }
      end++;
    }
    if (end == data.length) {
      throw malformed("a text without its terminating NUL");
    }
    String s = new String(data, at, end - at, StandardCharsets.UTF_8);
    at = end + 1;
    return s;
  }

  private void need(int n) throws MalformedFileException {
    if (n < 0 || data.length - at < n) {
      throw malformed("fewer bytes than its fields need");
    }
  }

  MalformedFileException malformed(String what) {
    return new MalformedFileException(
        MalformedFileException.Kind.MALFORMED, "box '" + box + "' has " + what);
  }
}
