package io.peerwall.p2p.rtp;

/**
 * Turns the RTP payloads of one complete frame (RFC 6184, packetization-mode 1: single NAL unit,
 * STAP-A, FU-A) into an Annex B access unit. Anything else, or a payload that violates the RFC (bad
 * STAP-A lengths, FU-A without start or end, reserved NAL types) or the limits, makes the whole
 * frame malformed: a partial frame would decode to garbage, so none is ever returned.
 */
final class Rfc6184Payloads {
  private Rfc6184Payloads() {}

  /**
   * The outcome for one frame: the access unit, or why there is none.
   *
   * @param annexB NAL units each prefixed with a 4-byte start code; null if malformed
   * @param idr whether an IDR slice (type 5) is present
   * @param problem what was wrong, or null
   */
  record Result(byte[] annexB, boolean idr, String problem) {
    static Result malformed(String problem) {
      return new Result(null, false, problem);
    }
  }

  /** Reassembles {@code pkts} (one frame, in sequence order) within the given bounds. */
  static Result read(BufferedPacket[] pkts, int maxAccessUnitBytes, int maxNalUnits) {
    int estimate = 0;
    for (BufferedPacket p : pkts) {
      estimate += p.payload.length + 4;
    }
    BoundedSink out = new BoundedSink(Math.min(estimate, maxAccessUnitBytes), maxAccessUnitBytes);
    int nalCount = 0;
    boolean fuOpen = false;
    int fuType = 0;
    boolean idr = false;
    for (BufferedPacket p : pkts) {
      byte[] pl = p.payload;
      if (pl.length == 0) {
        return Result.malformed("empty payload");
      }
      int t = pl[0] & 0x1F;
      if (fuOpen && t != H264Packetizer.TYPE_FU_A) {
        return Result.malformed("unterminated FU-A");
      }
      if (t >= 1 && t <= 23) {
        if (++nalCount > maxNalUnits || !out.startCode() || !out.put(pl, 0, pl.length)) {
          return Result.malformed("frame too large");
        }
        idr |= t == 5;
      } else if (t == H264Packetizer.TYPE_STAP_A) {
        int i = 1;
        if (pl.length < 3) {
          return Result.malformed("empty STAP-A");
        }
        while (i < pl.length) {
          if (i + 2 > pl.length) {
            return Result.malformed("truncated STAP-A size");
          }
          int size = ((pl[i] & 0xFF) << 8) | (pl[i + 1] & 0xFF);
          i += 2;
          if (size == 0 || i + size > pl.length) {
            return Result.malformed("bad STAP-A NAL size");
          }
          int nt = pl[i] & 0x1F;
          if (nt == 0 || nt > 23) {
            return Result.malformed("bad NAL type in STAP-A");
          }
          if (++nalCount > maxNalUnits || !out.startCode() || !out.put(pl, i, size)) {
            return Result.malformed("frame too large");
          }
          idr |= nt == 5;
          i += size;
        }
      } else if (t == H264Packetizer.TYPE_FU_A) {
        if (pl.length < 3) {
          return Result.malformed("short FU-A");
        }
        int fh = pl[1] & 0xFF;
        boolean s = (fh & 0x80) != 0;
        boolean e = (fh & 0x40) != 0;
        int nt = fh & 0x1F;
        if (s && e) {
          return Result.malformed("FU-A with start and end");
        }
        if (nt == 0 || nt > 23) {
          return Result.malformed("bad NAL type in FU-A");
        }
        if (s) {
          if (fuOpen) {
            return Result.malformed("FU-A start inside FU-A");
          }
          // The reconstructed NAL header: F and NRI from the FU indicator, type from the FU header.
          if (++nalCount > maxNalUnits
              || !out.startCode()
              || !out.put((byte) ((pl[0] & 0xE0) | nt))) {
            return Result.malformed("frame too large");
          }
          fuOpen = true;
          fuType = nt;
          idr |= nt == 5;
        } else if (!fuOpen || nt != fuType) {
          return Result.malformed("FU-A continuation without start");
        }
        if (!out.put(pl, 2, pl.length - 2)) {
          return Result.malformed("frame too large");
        }
        if (e) {
          fuOpen = false;
        }
      } else {
        return Result.malformed("unsupported NAL/packet type " + t);
      }
    }
    if (fuOpen) {
      return Result.malformed("FU-A without end");
    }
    return new Result(out.toArray(), idr, null);
  }
}
