package io.peerwall.recorder.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds a box's bytes in memory (32-bit sizes: what the signer writes is a few KB). */
final class BoxWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A plain box of this type. */
  static BoxWriter box() {
    return new BoxWriter();
  }

  /** A full box: version and flags first. */
  static BoxWriter fullBox(int version, int flags) {
    BoxWriter w = new BoxWriter();
    w.u32((version & 0xff) << 24 | (flags & 0xffffff));
    return w;
  }

  BoxWriter u8(int v) {
    out.write(v);
    return this;
  }

  BoxWriter u16(int v) {
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  BoxWriter u32(long v) {
    return bytes(ByteBuffer.allocate(4).putInt((int) v).array());
  }

  BoxWriter u64(long v) {
    return bytes(ByteBuffer.allocate(8).putLong(v).array());
  }

  BoxWriter fourcc(String code) {
    return u32(Box.code(code));
  }

  /** A null-terminated UTF-8 string (a NUL inside the text would end it early: refused). */
  BoxWriter string(String s) {
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("text with a NUL character");
    }
    bytes(s.getBytes(StandardCharsets.UTF_8));
    out.write(0);
    return this;
  }

  BoxWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  int length() {
    return out.size();
  }

  /** The finished box: header with this type, then what was written. */
  byte[] finish(String type) {
    byte[] payload = out.toByteArray();
    return ByteBuffer.allocate(8 + payload.length)
        .putInt(8 + payload.length)
        .putInt(Box.code(type))
        .put(payload)
        .array();
  }
}
