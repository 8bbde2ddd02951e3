package io.peerwall.recorder.evidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts ONVIF Media Signing SEI NAL units per GOP in a fragmented MP4 (one fragment per GOP, as
 * PeerWall exports), reading only the first bytes of each NAL unit: the slices are skipped by their
 * length. Bounded like every reader of the file: sample counts and sizes are checked against the
 * boxes and the file, and a damaged structure ends the scan with what was found so far.
 */
final class CameraSignatureScan {
  /** UUID 005bc93f-2d71-5e95-ada4-796f90877a6f (ONVIF Media Signing, user data unregistered). */
  static final byte[] MEDIA_SIGNING_UUID = {
    0x00,
    0x5b,
    (byte) 0xc9,
    0x3f,
    0x2d,
    0x71,
    0x5e,
    (byte) 0x95,
    (byte) 0xad,
    (byte) 0xa4,
    0x79,
    0x6f,
    (byte) 0x90,
    (byte) 0x87,
    0x7a,
    0x6f
  };

  private static final int MAX_SAMPLES_PER_RUN = 1_000_000;
  private static final int MAX_NALS_PER_SAMPLE = 1_000;
  private static final int PEEK = 64;

  private final BoxReader reader;
  private boolean hevc;
  private int lengthSize = 4;
  private long timescale = 90_000;

  private CameraSignatureScan(BoxReader reader) {
    this.reader = reader;
  }

  static CameraSignatures scan(BoxReader reader, List<Box> top) throws IOException {
    if (top.stream().noneMatch(b -> b.is("moof"))) {
      return CameraSignatures.notChecked();
    }
    CameraSignatureScan s = new CameraSignatureScan(reader);
    List<CameraSignatures.Gop> gops = new ArrayList<>();
    try {
      s.readTrack(BoxReader.find(top, "moov"));
      for (Box b : top) {
        if (b.is("moof")) {
          gops.add(s.fragment(b, gops.size()));
        }
      }
    } catch (MalformedFileException e) {
      // The signature already covers every byte; a structure we cannot walk ends the report here.
    }
    return new CameraSignatures(true, gops);
  }

  private void readTrack(Box moov) throws IOException, MalformedFileException {
    if (moov == null) {
      return;
    }
    Box trak = BoxReader.find(reader.children(moov, 0), "trak");
    Box mdia = trak == null ? null : BoxReader.find(reader.children(trak, 0), "mdia");
    if (mdia == null) {
      return;
    }
    List<Box> mdiaChildren = reader.children(mdia, 0);
    Box mdhd = BoxReader.find(mdiaChildren, "mdhd");
    if (mdhd != null) {
      PayloadReader r = new PayloadReader(reader.payload(mdhd, 64), "mdhd");
      int version = r.u8();
      r.bytes(3);
      r.bytes(version == 1 ? 16 : 8);
      timescale = Math.max(1, r.u32());
    }
    Box minf = BoxReader.find(mdiaChildren, "minf");
    Box stbl = minf == null ? null : BoxReader.find(reader.children(minf, 0), "stbl");
    Box stsd = stbl == null ? null : BoxReader.find(reader.children(stbl, 0), "stsd");
    if (stsd == null) {
      return;
    }
    Box entry = reader.children(stsd, 8).stream().findFirst().orElse(null);
    if (entry == null) {
      return;
    }
    hevc = entry.is("hvc1") || entry.is("hev1");
    // Visual sample entry: 8 bytes of sample entry + 70 of visual fields, then its boxes.
    for (Box c : reader.children(entry, 78)) {
      if (c.is("avcC") && c.payloadSize() >= 5) {
        lengthSize = (reader.read(c.payloadOffset() + 4, 1)[0] & 0x3) + 1;
      } else if (c.is("hvcC") && c.payloadSize() >= 22) {
        lengthSize = (reader.read(c.payloadOffset() + 21, 1)[0] & 0x3) + 1;
      }
    }
  }

  private CameraSignatures.Gop fragment(Box moof, int index)
      throws IOException, MalformedFileException {
    int pictures = 0;
    int seis = 0;
    double start = 0;
    for (Box traf : reader.children(moof, 0)) {
      if (!traf.is("traf")) {
        continue;
      }
      List<Box> parts = reader.children(traf, 0);
      Box tfhd = BoxReader.find(parts, "tfhd");
      if (tfhd == null) {
        continue;
      }
      PayloadReader h = new PayloadReader(reader.payload(tfhd, 64), "tfhd");
      int flags = (int) (h.u32() & 0xffffff);
      h.u32(); // track ID
      long base = (flags & 0x1) != 0 ? h.u64() : moof.offset();
      if ((flags & 0x2) != 0) {
        h.u32();
      }
      if ((flags & 0x8) != 0) {
        h.u32();
      }
      long defaultSize = (flags & 0x10) != 0 ? h.u32() : 0;
      Box tfdt = BoxReader.find(parts, "tfdt");
      if (tfdt != null) {
        PayloadReader t = new PayloadReader(reader.payload(tfdt, 64), "tfdt");
        int version = t.u8();
        t.bytes(3);
        start = (version == 1 ? t.u64() : t.u32()) / (double) timescale;
      }
      for (Box trun : parts) {
        if (!trun.is("trun")) {
          continue;
        }
        long[] counts = run(trun, base, defaultSize);
        pictures += (int) counts[0];
        seis += (int) counts[1];
      }
    }
    return new CameraSignatures.Gop(index, start, pictures, seis);
  }

  /** Samples and signing SEIs of one track run. */
  private long[] run(Box trun, long base, long defaultSize)
      throws IOException, MalformedFileException {
    if (trun.payloadSize() > ExportVerifier.MAX_META) {
      throw new MalformedFileException(MalformedFileException.Kind.MALFORMED, "trun too large");
    }
    PayloadReader r = new PayloadReader(reader.payload(trun, ExportVerifier.MAX_META), "trun");
    int flags = (int) (r.u32() & 0xffffff);
    long count = r.u32();
    int perSample =
        ((flags & 0x100) != 0 ? 4 : 0)
            + ((flags & 0x200) != 0 ? 4 : 0)
            + ((flags & 0x400) != 0 ? 4 : 0)
            + ((flags & 0x800) != 0 ? 4 : 0);
    long offset = base + ((flags & 0x1) != 0 ? (int) r.u32() : 0);
    if ((flags & 0x4) != 0) {
      r.u32();
    }
    if (count > MAX_SAMPLES_PER_RUN || (perSample > 0 && count > r.remaining() / perSample)) {
      throw r.malformed("more samples than entries");
    }
    long seis = 0;
    for (long i = 0; i < count; i++) {
      if ((flags & 0x100) != 0) {
        r.u32();
      }
      long size = (flags & 0x200) != 0 ? r.u32() : defaultSize;
      if ((flags & 0x400) != 0) {
        r.u32();
      }
      if ((flags & 0x800) != 0) {
        r.u32();
      }
      if (offset < 0 || size > reader.fileSize() - offset) {
        throw r.malformed("a sample outside the file");
      }
      seis += signingSeis(offset, size);
      offset += size;
    }
    return new long[] {count, seis};
  }

  /** ONVIF signing SEI NAL units in one sample (length-prefixed NAL units). */
  int signingSeis(long offset, long size) throws IOException {
    int found = 0;
    long at = offset;
    long end = offset + size;
    for (int n = 0; n < MAX_NALS_PER_SAMPLE && end - at > lengthSize; n++) {
      int peek = (int) Math.min(PEEK, end - at);
      byte[] head = reader.read(at, peek);
      long length = 0;
      for (int i = 0; i < lengthSize; i++) {
        length = length << 8 | (head[i] & 0xff);
      }
      if (length == 0 || length > end - at - lengthSize) {
        break;
      }
      if (isSigningSei(head, lengthSize, (int) Math.min(length, peek - lengthSize))) {
        found++;
      }
      at += lengthSize + length;
    }
    return found;
  }

  /** Whether the NAL unit at {@code from} (the first {@code length} bytes) is a signing SEI. */
  boolean isSigningSei(byte[] b, int from, int length) {
    int header = hevc ? 2 : 1;
    if (length < header + 2) {
      return false;
    }
    int type = hevc ? (b[from] >> 1) & 0x3f : b[from] & 0x1f;
    boolean sei = hevc ? type == 39 || type == 40 : type == 6;
    if (!sei) {
      return false;
    }
    byte[] rbsp = unescape(b, from + header, length - header);
    int i = 0;
    int payloadType = 0;
    while (i < rbsp.length && (rbsp[i] & 0xff) == 0xff) {
      payloadType += 255;
      i++;
    }
    if (i >= rbsp.length) {
      return false;
    }
    payloadType += rbsp[i++] & 0xff;
    while (i < rbsp.length && (rbsp[i] & 0xff) == 0xff) {
      i++;
    }
    i++; // last byte of the payload size
    if (payloadType != 5 || rbsp.length - i < 16) {
      return false;
    }
    return java.util.Arrays.equals(rbsp, i, i + 16, MEDIA_SIGNING_UUID, 0, 16);
  }

  /** Removes emulation prevention bytes (00 00 03 → 00 00). */
  static byte[] unescape(byte[] b, int from, int length) {
    byte[] out = new byte[length];
    int n = 0;
    int zeros = 0;
    for (int i = from; i < from + length; i++) {
      int v = b[i] & 0xff;
      if (zeros >= 2 && v == 3) {
        zeros = 0;
        continue;
      }
      zeros = v == 0 ? zeros + 1 : 0;
      out[n++] = (byte) v;
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
