package io.peerwall.p2p.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTCP subset PeerWall speaks (RFC 3550, RFC 4585, RFC 5104): building SR, RR, SDES CNAME and
 * PLI packets, and a bounded parser for compound packets. Compound packets we send start with SR or
 * RR and include SDES CNAME, as RFC 3550 §6.1 requires, so they are valid without reduced-size RTCP
 * (RFC 5506) being negotiated.
 */
public final class Rtcp {
  public static final int PT_SR = 200;
  public static final int PT_RR = 201;
  public static final int PT_SDES = 202;
  public static final int PT_BYE = 203;
  public static final int PT_APP = 204;
  public static final int PT_RTPFB = 205;
  public static final int PT_PSFB = 206;
  public static final int FMT_PLI = 1;
  public static final int FMT_FIR = 4;
  public static final int FMT_NACK = 1;

  private Rtcp() {}

  /**
   * A reception report block (RFC 3550 §6.4.1).
   *
   * @param ssrc source the report is about
   * @param fractionLost 8-bit fixed-point fraction lost since the last report
   * @param cumulativeLost 24-bit signed cumulative number of packets lost
   * @param extendedHighestSeq extended highest sequence number received
   * @param jitter interarrival jitter in timestamp units
   * @param lastSr middle 32 bits of the last SR's NTP timestamp (0 if none)
   * @param delaySinceLastSr delay since that SR in 1/65536 s (0 if none)
   */
  public record ReportBlock(
      long ssrc,
      int fractionLost,
      int cumulativeLost,
      long extendedHighestSeq,
      long jitter,
      long lastSr,
      long delaySinceLastSr) {}

  /** Callbacks for {@link #parse}; all optional. */
  public interface Handler {
    default void onSenderReport(
        long ssrc, long ntp, long rtpTimestamp, long packetCount, long octetCount) {}

    default void onReceiverReport(long ssrc, List<ReportBlock> blocks) {}

    /** Picture Loss Indication (RFC 4585 §6.3.1). */
    default void onPli(long senderSsrc, long mediaSsrc) {}

    /** Full Intra Request (RFC 5104 §4.3.1) for {@code targetSsrc}. */
    default void onFir(long senderSsrc, long targetSsrc) {}

    /** Generic NACK (RFC 4585 §6.2.1): count of FCI entries. */
    default void onNack(long senderSsrc, long mediaSsrc, int entries) {}

    /**
     * Generic NACK, expanded: the sequence numbers asked for (each FCI's PID and the bits of its
     * BLP; at most 17 per FCI, and FCIs are bounded by the packet length).
     */
    default void onNackSequences(long senderSsrc, long mediaSsrc, int[] sequenceNumbers) {}

    default void onBye(long ssrc) {}
  }

  /**
   * A generic NACK (RFC 4585 §6.2.1) for {@code seqs} (ascending, unwrapped order not required),
   * packed into PID/BLP entries; at most {@code maxEntries} FCIs are written.
   *
   * @return bytes written (12 + 4 per FCI), or 0 if {@code seqs} is empty
   */
  public static int writeNack(
      byte[] dst, int off, long senderSsrc, long mediaSsrc, int[] seqs, int count, int maxEntries) {
    if (count == 0) {
      return 0;
    }
    int w = off + 12;
    int entries = 0;
    int i = 0;
    while (i < count && entries < maxEntries) {
      int pid = seqs[i] & 0xFFFF;
      int blp = 0;
      i++;
      while (i < count) {
        int d = ((seqs[i] & 0xFFFF) - pid) & 0xFFFF;
        if (d < 1 || d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        i++;
      }
      RtpWriter.putU16(dst, w, pid);
      RtpWriter.putU16(dst, w + 2, blp);
      w += 4;
      entries++;
    }
    dst[off] = (byte) (0x80 | FMT_NACK);
    dst[off + 1] = (byte) PT_RTPFB;
    RtpWriter.putU16(dst, off + 2, 2 + entries);
    RtpWriter.putU32(dst, off + 4, senderSsrc);
    RtpWriter.putU32(dst, off + 8, mediaSsrc);
    return w - off;
  }

  /** A 12-byte PLI. */
  public static int writePli(byte[] dst, int off, long senderSsrc, long mediaSsrc) {
    dst[off] = (byte) (0x80 | FMT_PLI);
    dst[off + 1] = (byte) PT_PSFB;
    RtpWriter.putU16(dst, off + 2, 2);
    RtpWriter.putU32(dst, off + 4, senderSsrc);
    RtpWriter.putU32(dst, off + 8, mediaSsrc);
    return 12;
  }

  /** A 28-byte SR without report blocks. */
  public static int writeSenderReport(
      byte[] dst, int off, long ssrc, long ntp, long rtpTs, long packets, long octets) {
    dst[off] = (byte) 0x80;
    dst[off + 1] = (byte) PT_SR;
    RtpWriter.putU16(dst, off + 2, 6);
    RtpWriter.putU32(dst, off + 4, ssrc);
    RtpWriter.putU64(dst, off + 8, ntp);
    RtpWriter.putU32(dst, off + 16, rtpTs);
    RtpWriter.putU32(dst, off + 20, packets);
    RtpWriter.putU32(dst, off + 24, octets);
    return 28;
  }

  /** An RR with zero or one report block (8 or 32 bytes). */
  public static int writeReceiverReport(byte[] dst, int off, long ssrc, ReportBlock block) {
    int rc = block == null ? 0 : 1;
    dst[off] = (byte) (0x80 | rc);
    dst[off + 1] = (byte) PT_RR;
    RtpWriter.putU16(dst, off + 2, 1 + 6 * rc);
    RtpWriter.putU32(dst, off + 4, ssrc);
    if (block == null) {
      return 8;
    }
    int p = off + 8;
    RtpWriter.putU32(dst, p, block.ssrc());
    dst[p + 4] = (byte) block.fractionLost();
    int lost = Math.max(-0x800000, Math.min(0x7FFFFF, block.cumulativeLost()));
    dst[p + 5] = (byte) (lost >>> 16);
    dst[p + 6] = (byte) (lost >>> 8);
    dst[p + 7] = (byte) lost;
    RtpWriter.putU32(dst, p + 8, block.extendedHighestSeq());
    RtpWriter.putU32(dst, p + 12, block.jitter());
    RtpWriter.putU32(dst, p + 16, block.lastSr());
    RtpWriter.putU32(dst, p + 20, block.delaySinceLastSr());
    return 32;
  }

  /** SDES with one chunk holding CNAME (ASCII, ≤ 255 bytes), padded to a 32-bit boundary. */
  public static int writeSdesCname(byte[] dst, int off, long ssrc, String cname) {
    byte[] text = cname.getBytes(StandardCharsets.US_ASCII);
    if (text.length > 255) {
      throw new IllegalArgumentException("CNAME too long");
    }
    int chunk = 4 + 2 + text.length + 1; // ssrc, type+len, text, END
    int padded = (chunk + 3) & ~3;
    int total = 4 + padded;
    dst[off] = (byte) 0x81;
    dst[off + 1] = (byte) PT_SDES;
    RtpWriter.putU16(dst, off + 2, total / 4 - 1);
    RtpWriter.putU32(dst, off + 4, ssrc);
    dst[off + 8] = 1; // CNAME
    dst[off + 9] = (byte) text.length;
    System.arraycopy(text, 0, dst, off + 10, text.length);
    for (int i = off + 10 + text.length; i < off + total; i++) {
      dst[i] = 0;
    }
    return total;
  }

  /** Bytes {@link #writeSdesCname} will write. */
  public static int sdesCnameLength(String cname) {
    int chunk = 4 + 2 + cname.length() + 1;
    return 4 + ((chunk + 3) & ~3);
  }

  /**
   * Validates a compound RTCP packet (every header version 2, lengths adding up exactly, padding
   * only on the last packet) and, only if all of it is valid, dispatches its packets to {@code h}.
   * Unknown packet types are skipped. Never throws on input data.
   *
   * @return false if the datagram is malformed (nothing was dispatched)
   */
  public static boolean parse(byte[] buf, int off, int len, Handler h) {
    if (buf == null || off < 0 || len < 4 || off > buf.length - len) {
      return false;
    }
    // Pass 1: structure.
    int p = off;
    int end = off + len;
    while (p < end) {
      if (end - p < 4) {
        return false;
      }
      int b0 = buf[p] & 0xFF;
      if ((b0 >>> 6) != 2) {
        return false;
      }
      int size = (RtpPacket.u16(buf, p + 2) + 1) * 4;
      if (size > end - p) {
        return false;
      }
      if ((b0 & 0x20) != 0) {
        if (p + size != end) {
          return false; // padding only allowed on the last packet
        }
        int pad = buf[p + size - 1] & 0xFF;
        if (pad == 0 || pad > size - 4) {
          return false;
        }
      }
      p += size;
    }
    // Pass 2: contents (each packet checked against its own length before reading).
    List<Runnable> calls = new ArrayList<>();
    p = off;
    while (p < end) {
      int b0 = buf[p] & 0xFF;
      int count = b0 & 0x1F;
      int pt = buf[p + 1] & 0xFF;
      int size = (RtpPacket.u16(buf, p + 2) + 1) * 4;
      if ((b0 & 0x20) != 0) {
        size -= buf[p + size - 1] & 0xFF;
      }
      if (!parseOne(buf, p, size, pt, count, h, calls)) {
        return false;
      }
      p += (RtpPacket.u16(buf, p + 2) + 1) * 4;
    }
    for (Runnable r : calls) {
      r.run();
    }
    return true;
  }

  private static boolean parseOne(
      byte[] b, int p, int size, int pt, int count, Handler h, List<Runnable> calls) {
    switch (pt) {
      case PT_SR:
        {
          if (size < 28 + 24 * count) {
            return false;
          }
          long ssrc = RtpPacket.u32(b, p + 4);
          long ntp = (RtpPacket.u32(b, p + 8) << 32) | RtpPacket.u32(b, p + 12);
          long rtp = RtpPacket.u32(b, p + 16);
          long pc = RtpPacket.u32(b, p + 20);
          long oc = RtpPacket.u32(b, p + 24);
          calls.add(() -> h.onSenderReport(ssrc, ntp, rtp, pc, oc));
          List<ReportBlock> blocks = blocks(b, p + 28, count);
          if (!blocks.isEmpty()) {
            calls.add(() -> h.onReceiverReport(ssrc, blocks));
          }
          return true;
        }
      case PT_RR:
        {
          if (size < 8 + 24 * count) {
            return false;
          }
          long ssrc = RtpPacket.u32(b, p + 4);
          List<ReportBlock> blocks = blocks(b, p + 8, count);
          calls.add(() -> h.onReceiverReport(ssrc, blocks));
          return true;
        }
      case PT_PSFB:
        {
          if (size < 12) {
            return false;
          }
          long sender = RtpPacket.u32(b, p + 4);
          long media = RtpPacket.u32(b, p + 8);
          if (count == FMT_PLI) {
            calls.add(() -> h.onPli(sender, media));
          } else if (count == FMT_FIR) {
            for (int i = p + 12; i + 8 <= p + size; i += 8) {
              long target = RtpPacket.u32(b, i);
              calls.add(() -> h.onFir(sender, target));
            }
          }
          return true;
        }
      case PT_RTPFB:
        {
          if (size < 12) {
            return false;
          }
          if (count == FMT_NACK) {
            long sender = RtpPacket.u32(b, p + 4);
            long media = RtpPacket.u32(b, p + 8);
            int entries = (size - 12) / 4;
            calls.add(() -> h.onNack(sender, media, entries));
            int[] seqs = new int[entries * 17];
            int n = 0;
            for (int i = 0; i < entries; i++) {
              int fci = p + 12 + 4 * i;
              int pid = RtpPacket.u16(b, fci);
              int blp = RtpPacket.u16(b, fci + 2);
              seqs[n++] = pid;
              for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                  seqs[n++] = (pid + bit + 1) & 0xFFFF;
                }
              }
            }
            int[] asked = java.util.Arrays.copyOf(seqs, n);
            calls.add(() -> h.onNackSequences(sender, media, asked));
          }
          return true;
        }
      case PT_BYE:
        {
          if (size < 4 + 4 * count) {
            return false;
          }
          for (int i = 0; i < count; i++) {
            long ssrc = RtpPacket.u32(b, p + 4 + 4 * i);
            calls.add(() -> h.onBye(ssrc));
          }
          return true;
        }
      default:
        return true; // SDES, APP, XR, ...: structurally checked, content ignored
    }
  }

  private static List<ReportBlock> blocks(byte[] b, int p, int count) {
    List<ReportBlock> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++, p += 24) {
      int lost = ((b[p + 5] & 0xFF) << 16) | ((b[p + 6] & 0xFF) << 8) | (b[p + 7] & 0xFF);
      if ((lost & 0x800000) != 0) {
        lost |= 0xFF000000; // sign-extend 24 bits
      }
      out.add(
          new ReportBlock(
              RtpPacket.u32(b, p),
              b[p + 4] & 0xFF,
              lost,
              RtpPacket.u32(b, p + 8),
              RtpPacket.u32(b, p + 12),
              RtpPacket.u32(b, p + 16),
              RtpPacket.u32(b, p + 20)));
    }
    return out;
  }
}
