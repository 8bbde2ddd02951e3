package io.peerwall.decoder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Stores an {@link EncodedClip} in one file so a data directory can cache a pre-encoded clip.
 *
 * <p>Format (version 1, all integers big-endian, as {@link DataOutputStream} writes them):
 *
 * <pre>
 *   8 bytes  magic "PWCLIP\r\n" (the CR LF catches text-mode transfers that mangle line endings)
 *   int      format version = 1
 *   byte     codec: 1 = H.264, 2 = H.265, 3 = VP8, 4 = VP9, 5 = AV1
 *   int      width, int height, int fps
 *   int      unit count N
 *   N times: byte flags (bit 0 = keyframe), long ptsMicros, int length L, L bytes Annex B
 *   long     CRC-32 of every byte above
 * </pre>
 *
 * <p>A custom format rather than a raw .h264 file plus sidecar: one file is atomic to replace,
 * keeps per-unit boundaries, keyframe flags and timestamps without re-parsing, and the checksum
 * turns a truncated or damaged cache into a clear {@link IOException} instead of a confused
 * decoder. Reading never trusts a length field beyond the file's size, so a corrupt file cannot
 * make us allocate gigabytes.
 */
public final class EncodedClipFile {

  /** Conventional file name extension. */
  public static final String EXTENSION = ".pwclip";

  private static final byte[] MAGIC = "PWCLIP\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_DIMENSION = 16384;
  private static final int MAX_FPS = 1000;
  private static final int MAX_UNITS = 1_000_000;
  private static final int HEADER_BYTES = MAGIC.length + 4 + 1 + 4 * 4;
  private static final int UNIT_HEADER_BYTES = 1 + 8 + 4;
  private static final int TRAILER_BYTES = 8;

  private EncodedClipFile() {}

  /**
   * Writes the clip to {@code file}, atomically: readers see either the old file or the complete
   * new one, never a half-written cache (a crash leaves only a stray temporary file).
   */
  public static void write(EncodedClip clip, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (OutputStream raw = Files.newOutputStream(tmp)) {
        CRC32 crc = new CRC32();
        DataOutputStream out =
            new DataOutputStream(
                new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeByte(codecCode(clip.codec()));
        out.writeInt(clip.width());
        out.writeInt(clip.height());
        out.writeInt(clip.fps());
        out.writeInt(clip.frameCount());
        for (AccessUnit unit : clip.units()) {
          out.writeByte(unit.keyframe() ? 1 : 0);
          out.writeLong(unit.ptsMicros());
          out.writeInt(unit.data().length);
          out.write(unit.data());
        }
        out.flush();
        // The trailer itself is not part of the checksum; write it past the CheckedOutputStream.
        DataOutputStream trailer = new DataOutputStream(raw);
        trailer.writeLong(crc.getValue());
        trailer.flush();
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a clip written by {@link #write}.
   *
   * @throws IOException if the file cannot be read, or is not a clip file, or is truncated, corrupt
   *     or inconsistent; the message names the file and the problem
   */
  public static EncodedClip read(Path file) throws IOException {
    long fileSize = Files.size(file);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      CRC32 crc = new CRC32();
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw corrupt(file, "not a PeerWall clip file (bad magic)");
      }
      if (fileSize < HEADER_BYTES + TRAILER_BYTES) {
        throw corrupt(file, "truncated header (" + fileSize + " bytes)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw corrupt(file, "unsupported clip format version " + version);
      }
      VideoCodec codec = codecOf(in.readByte(), file);
      int width = in.readInt();
      int height = in.readInt();
      int fps = in.readInt();
      int count = in.readInt();
      if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
        throw corrupt(file, "implausible size " + width + "x" + height);
      }
      if (fps <= 0 || fps > MAX_FPS) {
        throw corrupt(file, "implausible frame rate " + fps);
      }
      if (count <= 0 || count > MAX_UNITS) {
        throw corrupt(file, "implausible unit count " + count);
      }
      long remaining = fileSize - HEADER_BYTES - TRAILER_BYTES;
      List<AccessUnit> units = new ArrayList<>(Math.min(count, 4096));
      for (int i = 0; i < count; i++) {
        if (remaining < UNIT_HEADER_BYTES) {
          throw corrupt(file, "truncated at unit " + i + " of " + count);
        }
        int flags = in.readUnsignedByte();
        long pts = in.readLong();
        int length = in.readInt();
        remaining -= UNIT_HEADER_BYTES;
        if ((flags & ~1) != 0) {
          throw corrupt(file, "unit " + i + " has unknown flags " + flags);
        }
        if (length <= 0 || length > remaining) {
          throw corrupt(
              file,
              "unit " + i + " length " + length + " exceeds the " + remaining + " bytes left");
        }
        byte[] data = new byte[length];
        in.readFully(data);
        remaining -= length;
        units.add(new AccessUnit(codec, data, pts, 0L, (flags & 1) != 0));
      }
      long computed = crc.getValue();
      long stored = new DataInputStream(raw).readLong();
      if (stored != computed) {
        throw corrupt(file, "checksum mismatch (file damaged)");
      }
      if (raw.read() != -1) {
        throw corrupt(file, "unexpected bytes after the checksum");
      }
      try {
        return new EncodedClip(codec, width, height, fps, units);
      } catch (IllegalArgumentException e) {
        throw corrupt(file, e.getMessage());
      }
    } catch (EOFException e) {
      throw corrupt(file, "truncated (unexpected end of file)");
    }
  }

  private static IOException corrupt(Path file, String problem) {
    return new IOException("Cannot load clip cache " + file + ": " + problem);
  }

  private static int codecCode(VideoCodec codec) {
    return switch (codec) {
      case H264 -> 1;
      case H265 -> 2;
      case VP8 -> 3;
      case VP9 -> 4;
      case AV1 -> 5;
    };
  }

  private static VideoCodec codecOf(byte code, Path file) throws IOException {
    return switch (code) {
      case 1 -> VideoCodec.H264;
      case 2 -> VideoCodec.H265;
      case 3 -> VideoCodec.VP8;
      case 4 -> VideoCodec.VP9;
      case 5 -> VideoCodec.AV1;
      default -> throw corrupt(file, "unknown codec code " + code);
    };
  }
}
