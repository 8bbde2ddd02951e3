package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Signs an exported MP4 per the ONVIF Export File Format: appends one file-level 'meta' box
 * (handler, 'suep' export description, PeerWall's diagnostic manifest, 'ipro' / 'sinf' / 'schm'
 * "oeff" / 'schi' with 'sibo' signature, 'cert' certificate and 'cstb' start times) and signs every
 * byte of the file with the 'sibo' payload set to zero (RSASSA-PSS, SHA-256, MGF1-SHA-256, salt
 * 20). Nothing before the appended box changes, so the media keeps playing as before.
 *
 * <p>Thread-safe; one instance per station key and operator.
 */
public final class ExportSigner {
  private final StationSigningKey key;
  private final String operator;
  private final Clock clock;

  /**
   * @param operator the OS user doing the export ({@link ExportDescription#currentOperator()})
   * @param clock gives the export time
   */
  public ExportSigner(StationSigningKey key, String operator, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.operator = Objects.requireNonNull(operator, "operator");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public StationSigningKey key() {
    return key;
  }

  public String operator() {
    return operator;
  }

  public Clock clock() {
    return clock;
  }

  /** Signs a finished MP4 in place, hashing it from the start. */
  public SignedExport sign(Path file, ExportDescription description) throws IOException {
    return sign(file, description, null);
  }

  /**
   * Starts hashing {@code growingFile} while the exporter writes it, on a thread of its own. Hand
   * the follower to {@link #sign(Path, ExportDescription, Follower)} when the export is done, and
   * close it in every case.
   */
  public Follower follow(Path growingFile) {
    return new Follower(new FileFollower(growingFile));
  }

  /** A file being hashed while it is written ({@link #follow}). */
  public static final class Follower implements AutoCloseable {
    private final FileFollower follower;
    private long rewritten = -1;

    private Follower(FileFollower follower) {
      this.follower = follower;
    }

    /**
     * What the exporter reports: the file's size and the bytes it wrote (FFmpeg counts a byte
     * written twice twice), so the signer knows how many bytes were rewritten.
     */
    public Follower written(long bytes, long bytesWritten) {
      this.rewritten = bytesWritten - bytes;
      return this;
    }

    @Override
    public void close() {
      follower.close();
    }
  }

  /**
   * Signs {@code file} in place; with a follower that hashed it while it was written (and the
   * exporter only appended), without reading it again.
   *
   * @throws IOException if the file is not a complete MP4, already has a file-level 'meta' box, or
   *     cannot be read or written; the file is then left as it was
   */
  public SignedExport sign(Path file, ExportDescription description, Follower followed)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long waitStart = System.nanoTime();
      ContentScanner scan = null;
      if (followed != null && followed.rewritten >= 0) {
        try {
          scan = followed.follower.finish(file, size);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while signing " + file);
        }
        if (scan != null && !hashedFinalBytes(channel, scan.finish(), followed.rewritten)) {
          scan = null;
        }
      }
      boolean hashedWhileWritten = scan != null;
      if (scan == null) {
        scan = ContentScanner.scan(channel, size);
      }
      List<BoxDigest> boxes = scan.finish();
      long waitMillis = (System.nanoTime() - waitStart) / 1_000_000;
      for (BoxDigest b : boxes) {
        if (b.depth() == 0 && b.type().equals("meta")) {
          throw new IOException(
              file + " already has a file-level 'meta' box: PeerWall signs its own exports only");
        }
      }
      SignatureBoxes meta = SignatureBoxes.build(key, description, boxes);
      MessageDigest fileDigest = cloneOf(scan.digest());
      MessageDigest signed = scan.digest();
      signed.update(meta.bytes());
      byte[] signature = key.signDigest(signed.digest());
      byte[] finalMeta = meta.withSignature(signature);
      try {
        ByteBuffer b = ByteBuffer.wrap(finalMeta);
        long at = size;
        while (b.hasRemaining()) {
          at += channel.write(b, at);
        }
      } catch (IOException e) {
        channel.truncate(size);
        throw e;
      }
      fileDigest.update(finalMeta);
      return new SignedExport(
          file,
          size + finalMeta.length,
          key.fingerprint(),
          HexFormat.of().formatHex(fileDigest.digest()),
          hashedWhileWritten,
          waitMillis);
    } catch (MalformedFileException e) {
      throw new IOException("cannot sign " + file + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the bytes the follower hashed are the file's final bytes: every box but media data read
   * again and compared by CRC-32C, every media box's header compared, and no more bytes rewritten
   * than the size fields of those boxes can account for (the exporter writes media data once, from
   * its per-fragment buffer, and goes back only to fill in box sizes).
   */
  private static boolean hashedFinalBytes(
      FileChannel channel, List<BoxDigest> boxes, long rewritten) throws IOException {
    long sizeFields = 0;
    for (BoxDigest b : boxes) {
      if (b.depth() != 0) {
        continue;
      }
      boolean media = b.type().equals("mdat");
      int length = media ? 8 : (int) Math.min(b.size(), Integer.MAX_VALUE);
      if (!media && b.size() > ContentScanner.MAX_MOVIE_BOX) {
        return false;
      }
      ByteBuffer bytes = ByteBuffer.allocate(length);
      while (bytes.hasRemaining()) {
        if (channel.read(bytes, b.offset() + bytes.position()) < 0) {
          return false;
        }
      }
      if (media) {
        if (Integer.toUnsignedLong(bytes.getInt(0)) != b.size()
            || bytes.getInt(4) != Box.code("mdat")) {
          return false;
        }
      } else {
        CRC32C crc = new CRC32C();
        crc.update(bytes.array());
        if ((int) crc.getValue() != b.crc32c()) {
          return false;
        }
        sizeFields += 4 * (1 + b.size() / 8); // at most every 8 bytes a box, each a size
      }
    }
    return rewritten >= 0 && rewritten <= sizeFields;
  }

  private static MessageDigest cloneOf(MessageDigest d) {
    try {
      return (MessageDigest) d.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 cannot be cloned in this JVM", e);
    }
  }

  static int crc32c(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }
}
