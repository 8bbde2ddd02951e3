package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Edits a file's boxes the way someone tampering with an export would. */
final class Surgery {
  private Surgery() {}

  /** The chain of boxes down a path of types ("meta", "ipro", "sinf", ...), outermost first. */
  static List<Box> path(Path file, String... types) throws Exception {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      BoxReader r = new BoxReader(c);
      List<Box> level = r.topLevel();
      List<Box> chain = new ArrayList<>();
      for (String type : types) {
        Box b = BoxReader.find(level, type);
        if (b == null) {
          throw new AssertionError("no '" + type + "' under " + chain);
        }
        chain.add(b);
        int skip = b.is("meta") ? 4 : b.is("ipro") ? 6 : 0;
        level = type.equals(types[types.length - 1]) ? List.of() : r.children(b, skip);
      }
      return chain;
    }
  }

  static List<Box> topLevel(Path file) throws Exception {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      return new BoxReader(c).topLevel();
    }
  }

  /** Replaces the payload of the last box of {@code chain}, fixing every enclosing box's size. */
  static void replacePayload(Path file, List<Box> chain, byte[] payload) throws IOException {
    byte[] all = Files.readAllBytes(file);
    Box target = chain.get(chain.size() - 1);
    long delta = payload.length - target.payloadSize();
    ByteBuffer b = ByteBuffer.wrap(all);
    for (Box box : chain) {
      b.putInt((int) box.offset(), (int) (box.size() + delta));
    }
    byte[] out = new byte[(int) (all.length + delta)];
    int head = (int) target.payloadOffset();
    System.arraycopy(all, 0, out, 0, head);
    System.arraycopy(payload, 0, out, head, payload.length);
    System.arraycopy(
        all, (int) target.end(), out, head + payload.length, all.length - (int) target.end());
    Files.write(file, out);
  }

  /** Removes the bytes [from, to). */
  static void cut(Path file, long from, long to) throws IOException {
    byte[] all = Files.readAllBytes(file);
    byte[] out = new byte[all.length - (int) (to - from)];
    System.arraycopy(all, 0, out, 0, (int) from);
    System.arraycopy(all, (int) to, out, (int) from, all.length - (int) to);
    Files.write(file, out);
  }

  /** Moves the bytes [from, to) to {@code at} (an offset in the file before the move, < from). */
  static void move(Path file, long from, long to, long at) throws IOException {
    byte[] all = Files.readAllBytes(file);
    byte[] moved = java.util.Arrays.copyOfRange(all, (int) from, (int) to);
    cut(file, from, to);
    byte[] rest = Files.readAllBytes(file);
    byte[] out = new byte[all.length];
    System.arraycopy(rest, 0, out, 0, (int) at);
    System.arraycopy(moved, 0, out, (int) at, moved.length);
    System.arraycopy(rest, (int) at, out, (int) at + moved.length, rest.length - (int) at);
    Files.write(file, out);
  }

  /** Flips the bits of one byte. */
  static void flip(Path file, long at) throws IOException {
    try (FileChannel c =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      c.read(b, at);
      b.put(0, (byte) ~b.get(0)).position(0);
      c.write(b, at);
    }
  }
}
