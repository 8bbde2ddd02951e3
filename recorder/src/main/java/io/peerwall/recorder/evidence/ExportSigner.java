package io.peerwall.recorder.evidence;

import io.peerwall.decoder.mux.ByteTap;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(ExportSigner.class);
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
   * Starts hashing an export from the bytes its muxer writes: pass {@link Hashing#tap()} to the
   * exporter, then the hashing to {@link #sign(Path, ExportDescription, Hashing)} when the export
   * is done.
   */
  public Hashing hashWhileWriting() {
    return new Hashing(new StreamHasher());
  }

  /** An export being hashed while it is written ({@link #hashWhileWriting}). */
  public static final class Hashing {
    private final StreamHasher hasher;

    private Hashing(StreamHasher hasher) {
      this.hasher = hasher;
    }

    /** What the exporter shows every byte it writes, in order. */
    public ByteTap tap() {
      return hasher;
    }
  }

  /**
   * Signs {@code file} in place; with the hashing of the bytes its exporter wrote, without reading
   * it again (only its small boxes, to check that the file is still what was hashed).
   *
   * @throws IOException if the file is not a complete MP4, already has a file-level 'meta' box, or
   *     cannot be read or written; the file is then left as it was
   */
  public SignedExport sign(Path file, ExportDescription description, Hashing hashed)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long signStart = System.nanoTime();
      ContentScanner scan = null;
      if (hashed != null) {
        scan = hashed.hasher.finish();
        if (scan != null
            && (scan.position() != size || !hashedBytesAreInTheFile(channel, scan.finish()))) {
          log.debug("{} is not the bytes hashed while it was written: hashing it again", file);
          scan = null;
        }
      }
      boolean hashedWhileWritten = scan != null;
      if (scan == null) {
        scan = ContentScanner.scan(channel, size);
      }
      List<BoxDigest> boxes = scan.finish();
      long signWaitMillis = (System.nanoTime() - signStart) / 1_000_000;
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
          signWaitMillis);
    } catch (MalformedFileException e) {
      throw new IOException("cannot sign " + file + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot sign " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the file still holds the boxes that were hashed as they were written: every box but
   * media data read again and compared by CRC-32C, every media box's header compared (so a file
   * replaced or changed between the export and its signing is hashed again, not signed blind).
   */
  private static boolean hashedBytesAreInTheFile(FileChannel channel, List<BoxDigest> boxes)
      throws IOException {
    for (BoxDigest b : boxes) {
      if (b.depth() != 0) {
        continue;
      }
      boolean media = b.type().equals("mdat");
      if (!media && b.size() > ContentScanner.MAX_MOVIE_BOX) {
        return false;
      }
      ByteBuffer bytes = ByteBuffer.allocate(media ? 8 : (int) b.size());
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
      } else if (crc32c(bytes.array()) != b.crc32c()) {
        return false;
      }
    }
    return true;
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
