package io.peerwall.recorder.evidence;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * PeerWall's diagnostic manifest, a {@code uuid} box inside the signed 'meta': the certificate's
 * SHA-256 and the place and CRC-32C of every box the signature covers outside 'meta' (top level,
 * and the movie box's children), plus CRCs of 'suep' and 'cstb'.
 *
 * <p>It never decides a verdict: the ONVIF signature does. When the signature fails, comparing the
 * file with the manifest says <em>what</em> changed (the media data, the movie header, a fragment
 * removed, the certificate replaced). A forger who also rewrote the manifest can only blur that
 * explanation, not make a file pass.
 */
record Manifest(byte[] certificateSha256, int suepCrc, int cstbCrc, List<BoxDigest> boxes) {
  /** The box's extended type: a fixed random UUID naming "PeerWall export manifest v1". */
  static final UUID TYPE = UUID.fromString("7d1e3c52-8a4f-4b6e-9c2d-5f0a1b3e6d84");

  private static final int VERSION = 1;
  private static final int ENTRY_BYTES = 1 + 4 + 8 + 8 + 4;

  Manifest {
    boxes = List.copyOf(boxes);
  }

  byte[] toBox() {
    BoxWriter w = BoxWriter.box();
    w.u64(TYPE.getMostSignificantBits()).u64(TYPE.getLeastSignificantBits());
    w.u8(VERSION).bytes(certificateSha256).u32(suepCrc).u32(cstbCrc).u32(boxes.size());
    for (BoxDigest b : boxes) {
      w.u8(b.depth()).fourcc(b.type().length() == 4 ? b.type() : "????");
      w.u64(b.offset()).u64(b.size()).u32(b.crc32c());
    }
    return w.finish("uuid");
  }

  /** Whether a 'uuid' box's payload (after the 16-byte extended type) is ours. */
  static boolean isManifest(byte[] extendedType) {
    ByteBuffer b = ByteBuffer.wrap(extendedType);
    return extendedType.length == 16
        && b.getLong(0) == TYPE.getMostSignificantBits()
        && b.getLong(8) == TYPE.getLeastSignificantBits();
  }

  /** Parses the payload after the extended type; null if it is not a version we read. */
  static Manifest parse(byte[] payload) throws MalformedFileException {
    PayloadReader r = new PayloadReader(payload, "uuid");
    if (r.u8() != VERSION) {
      return null;
    }
    byte[] cert = r.bytes(32);
    int suep = (int) r.u32();
    int cstb = (int) r.u32();
    long count = r.u32();
    if (count > r.remaining() / ENTRY_BYTES) {
      throw r.malformed("more manifest entries than bytes");
    }
    List<BoxDigest> boxes = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      int depth = r.u8();
      String type = Box.typeOf((int) r.u32());
      boxes.add(new BoxDigest(depth, type, r.u64(), r.u64(), (int) r.u32()));
    }
    return new Manifest(cert, suep, cstb, boxes);
  }
}
