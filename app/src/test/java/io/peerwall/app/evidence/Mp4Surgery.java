package io.peerwall.app.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What someone with a hex editor does to a signed export, on its bytes: moving the signing box,
 * replacing the certificate (box sizes of its parents adjusted, so the file still parses).
 */
final class Mp4Surgery {
  private Mp4Surgery() {}

  /** A box: where it starts, its size, its type, where its children start. */
  record Box(int offset, int size, String type) {
    int end() {
      return offset + size;
    }
  }

  /** The boxes in [from, to) of {@code file}, one level. */
  static List<Box> boxes(byte[] file, int from, int to) {
    List<Box> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file);
    int at = from;
    while (at + 8 <= to) {
      long size = Integer.toUnsignedLong(b.getInt(at));
      if (size == 1) {
        size = b.getLong(at + 8);
      }
      String type = new String(file, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      out.add(new Box(at, (int) size, type));
      at += (int) size;
    }
    return out;
  }

  static Box find(List<Box> boxes, String type) {
    return boxes.stream()
        .filter(x -> x.type().equals(type))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no '" + type + "' box"));
  }

  /** The chain meta / ipro / sinf / schi / cert of a signed export (meta is the last 'meta'). */
  static List<Box> certificatePath(byte[] file) {
    Box meta = find(boxes(file, 0, file.length), "meta");
    Box ipro = find(boxes(file, meta.offset() + 12, meta.end()), "ipro");
    Box sinf = find(boxes(file, ipro.offset() + 14, ipro.end()), "sinf");
    Box schi = find(boxes(file, sinf.offset() + 8, sinf.end()), "schi");
    Box cert = find(boxes(file, schi.offset() + 8, schi.end()), "cert");
    return List.of(meta, ipro, sinf, schi, cert);
  }

  /** The DER certificate a signed export carries. */
  static byte[] certificate(byte[] file) {
    Box cert = certificatePath(file).get(4);
    return Arrays.copyOfRange(file, cert.offset() + 8, cert.end());
  }

  /** The file with its certificate replaced by {@code der}; every parent's size follows. */
  static byte[] replaceCertificate(byte[] file, byte[] der) {
    List<Box> path = certificatePath(file);
    Box cert = path.get(4);
    int delta = der.length - (cert.size() - 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, cert.offset() + 8);
    out.write(der, 0, der.length);
    out.write(file, cert.end(), file.length - cert.end());
    byte[] changed = out.toByteArray();
    ByteBuffer b = ByteBuffer.wrap(changed);
    for (Box box : path) {
      b.putInt(box.offset(), box.size() + delta);
    }
    return changed;
  }

  /** The file with its last top-level box (the signing 'meta') moved to just after 'moov'. */
  static byte[] moveSignatureAfterMovieBox(byte[] file) {
    List<Box> top = boxes(file, 0, file.length);
    Box meta = top.get(top.size() - 1);
    if (!meta.type().equals("meta")) {
      throw new AssertionError("the last box is '" + meta.type() + "'");
    }
    Box moov = find(top, "moov");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, moov.end());
    out.write(file, meta.offset(), meta.size());
    out.write(file, moov.end(), meta.offset() - moov.end());
    return out.toByteArray();
  }
}
