package io.peerwall.recorder.evidence;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * PeerWall's bookmarks box (decision 0087): a {@code uuid} box inside the signed 'meta', next to
 * the diagnostic manifest, holding the bookmarks exported with the clip. The signature covers it
 * like every byte before the signature, so a bookmark edited after the export makes the file NOT
 * AUTHENTIC; players skip it (an unknown box inside 'meta').
 *
 * <pre>
 * uuid  extended type 9c0f4f1e-6a4b-4f53-8d0e-2b7c5e1a9f30 ("PeerWall export bookmarks v1")
 *   u8   version (1)
 *   u32  count
 *   per bookmark:
 *     string  camera ID            (UTF-8, NUL-terminated, as 'suep' strings)
 *     u64     start, microseconds since 1970-01-01 UTC
 *     u64     end, microseconds since 1970-01-01 UTC
 *     string  name
 *     string  note
 *     string  created by
 * </pre>
 *
 * <p>Read from an untrusted file: at most {@link #MAX_BOOKMARKS} entries, each string capped, and a
 * count larger than the bytes can hold is refused before anything is allocated.
 */
final class BookmarkBox {
  static final UUID TYPE = UUID.fromString("9c0f4f1e-6a4b-4f53-8d0e-2b7c5e1a9f30");

  static final int MAX_BOOKMARKS = ExportDescription.MAX_BOOKMARKS;
  private static final int VERSION = 1;
  private static final int MAX_ID = 256;
  private static final int MAX_NAME = 1024;
  private static final int MAX_NOTE = 64 * 1024;
  private static final int MIN_ENTRY = 1 + 8 + 8 + 1 + 1 + 1;

  private BookmarkBox() {}

  /** The box for these bookmarks; null when there are none (nothing is written then). */
  static byte[] write(List<ExportDescription.Bookmark> bookmarks) {
    if (bookmarks.isEmpty()) {
      return null;
    }
    if (bookmarks.size() > MAX_BOOKMARKS) {
      throw new IllegalArgumentException(
          bookmarks.size() + " bookmarks: an export carries at most " + MAX_BOOKMARKS);
    }
    BoxWriter w = BoxWriter.box();
    w.u64(TYPE.getMostSignificantBits()).u64(TYPE.getLeastSignificantBits());
    w.u8(VERSION).u32(bookmarks.size());
    for (ExportDescription.Bookmark b : bookmarks) {
      w.string(text(b.cameraId(), MAX_ID))
          .u64(micros(b.start()))
          .u64(micros(b.end()))
          .string(text(b.name(), MAX_NAME))
          .string(text(b.note(), MAX_NOTE))
          .string(text(b.createdBy(), MAX_NAME));
    }
    return w.finish("uuid");
  }

  /** Whether a 'uuid' box's extended type is this box's. */
  static boolean isBookmarks(byte[] extendedType) {
    ByteBuffer b = ByteBuffer.wrap(extendedType);
    return extendedType.length == 16
        && b.getLong(0) == TYPE.getMostSignificantBits()
        && b.getLong(8) == TYPE.getLeastSignificantBits();
  }

  /** Parses the payload after the extended type. */
  static List<ExportDescription.Bookmark> parse(byte[] payload) throws MalformedFileException {
    PayloadReader r = new PayloadReader(payload, "uuid (bookmarks)");
    int version = r.u8();
    if (version != VERSION) {
      throw r.malformed("version " + version + " (PeerWall reads version " + VERSION + ")");
    }
    long count = r.u32();
    if (count > MAX_BOOKMARKS || count > r.remaining() / MIN_ENTRY) {
      throw r.malformed(count + " bookmarks in " + r.remaining() + " bytes");
    }
    List<ExportDescription.Bookmark> out = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      String camera = r.string(MAX_ID);
      long start = r.u64();
      long end = r.u64();
      String name = r.string(MAX_NAME);
      String note = r.string(MAX_NOTE);
      String by = r.string(MAX_NAME);
      if (end < start) {
        throw r.malformed("a bookmark that ends before it starts");
      }
      try {
        out.add(
            new ExportDescription.Bookmark(camera, instant(start), instant(end), name, note, by));
      } catch (java.time.DateTimeException | ArithmeticException e) {
        throw r.malformed("a bookmark time out of range");
      }
    }
    if (r.remaining() != 0) {
      throw r.malformed(r.remaining() + " bytes after the last bookmark");
    }
    return List.copyOf(out);
  }

  /** The text as stored: NUL characters (which would end it early) become spaces; capped. */
  private static String text(String s, int maxBytes) {
    String clean = s.replace('\0', ' ');
    byte[] utf8 = clean.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8.length <= maxBytes) {
      return clean;
    }
    throw new IllegalArgumentException(
        "a bookmark text of " + utf8.length + " bytes (at most " + maxBytes + ")");
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
