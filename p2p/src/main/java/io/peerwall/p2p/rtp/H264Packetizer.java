package io.peerwall.p2p.rtp;

import io.peerwall.p2p.EncodedFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6184 packetization-mode 1 (non-interleaved): each access unit becomes a run of RTP packets
 * with the same 90 kHz timestamp, consecutive sequence numbers and the marker bit on the last one.
 *
 * <ul>
 *   <li>NAL units that fit go into a single-NAL-unit packet, or several consecutive small ones
 *       (typically SPS + PPS, SEI) into one STAP-A (type 24);
 *   <li>NAL units larger than the MTU allows are split into FU-A fragments (type 28);
 *   <li>the first packet of a frame carries the abs-capture-time header extension (RFC 8285
 *       one-byte form, 8-byte NTP timestamp) when the frame's capture time is known;
 *   <li>every packet of a frame carries the frame's payload type ({@link
 *       EncodedFrame#payloadType()}), or the packetizer's default when the frame leaves it open:
 *       the payload type names the camera's stream the frame belongs to (decision 0035).
 * </ul>
 *
 * <p>No packet exceeds {@code mtu} bytes (RTP header and extension included). Not thread-safe.
 */
public final class H264Packetizer {
  public static final int TYPE_STAP_A = 24;
  public static final int TYPE_FU_A = 28;
  public static final int MIN_MTU = 128;
  public static final int MAX_MTU = 1500;

  private final long ssrc;
  private final int payloadType;
  private final int mtu;
  private final int captureTimeExtId;
  private final int maxFrameBytes;
  private int sequence;

  /**
   * @param ssrc 32-bit synchronization source (unsigned)
   * @param payloadType RTP payload type of frames that do not set one (dynamic, 96..127)
   * @param mtu maximum RTP packet size in bytes, {@value #MIN_MTU}..{@value #MAX_MTU}
   * @param captureTimeExtId RFC 8285 id (1..14) used for abs-capture-time
   * @param initialSequence first sequence number (RFC 3550: random)
   * @param maxFrameBytes frames larger than this are refused (the receiver would drop them)
   */
  public H264Packetizer(
      long ssrc,
      int payloadType,
      int mtu,
      int captureTimeExtId,
      int initialSequence,
      int maxFrameBytes) {
    if (mtu < MIN_MTU || mtu > MAX_MTU) {
      throw new IllegalArgumentException("mtu must be " + MIN_MTU + ".." + MAX_MTU);
    }
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be 0..127");
    }
    if (captureTimeExtId < 1 || captureTimeExtId > 14) {
      throw new IllegalArgumentException("extension id must be 1..14");
    }
    this.ssrc = ssrc & 0xFFFF_FFFFL;
    this.payloadType = payloadType;
    this.mtu = mtu;
    this.captureTimeExtId = captureTimeExtId;
    this.sequence = initialSequence & 0xFFFF;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** The sequence number the next packet will get. */
  public int nextSequenceNumber() {
    return sequence;
  }

  public long ssrc() {
    return ssrc;
  }

  /**
   * Packetizes one access unit.
   *
   * @return the RTP packets in sending order (never empty)
   * @throws IllegalArgumentException if the frame has no NAL unit or is larger than allowed
   */
  public List<byte[]> packetize(EncodedFrame frame) {
    byte[] au = frame.annexB();
    if (au.length > maxFrameBytes) {
      throw new IllegalArgumentException(
          "frame of " + au.length + " bytes exceeds the limit of " + maxFrameBytes);
    }
    List<int[]> nals = NalSplitter.split(au);
    if (nals.isEmpty()) {
      throw new IllegalArgumentException("frame contains no Annex B NAL unit");
    }
    int pt = frame.payloadType() < 0 ? payloadType : frame.payloadType();
    long ts = frame.rtpTimestamp() & 0xFFFF_FFFFL;
    boolean hasCapture = frame.captureEpochMicros() >= 0;
    long ntp = hasCapture ? NtpTime.fromEpochMicros(frame.captureEpochMicros()) : 0;
    List<byte[]> out = new ArrayList<>(nals.size() + au.length / (mtu - 40) + 1);

    int i = 0;
    while (i < nals.size()) {
      boolean ext = out.isEmpty() && hasCapture;
      int maxPayload = mtu - headerSize(ext);
      int[] nal = nals.get(i);
      if (nal[1] > maxPayload) {
        fragment(au, nal, pt, ts, hasCapture, ntp, out);
        i++;
        continue;
      }
      int size = 1; // STAP-A header
      int j = i;
      while (j < nals.size() && size + 2 + nals.get(j)[1] <= maxPayload) {
        size += 2 + nals.get(j)[1];
        j++;
      }
      if (j - i <= 1) {
        byte[] p = newPacket(ext, pt, ts, ntp, nal[1]);
        System.arraycopy(au, nal[0], p, headerSize(ext), nal[1]);
        out.add(p);
        i++;
      } else {
        byte[] p = newPacket(ext, pt, ts, ntp, size);
        int w = headerSize(ext);
        int f = 0;
        int nri = 0;
        for (int k = i; k < j; k++) {
          byte h = au[nals.get(k)[0]];
          f |= h & 0x80;
          nri = Math.max(nri, h & 0x60);
        }
        p[w++] = (byte) (f | nri | TYPE_STAP_A);
        for (int k = i; k < j; k++) {
          int[] n = nals.get(k);
          p[w++] = (byte) (n[1] >>> 8);
          p[w++] = (byte) n[1];
          System.arraycopy(au, n[0], p, w, n[1]);
          w += n[1];
        }
        out.add(p);
        i = j;
      }
    }
    byte[] last = out.get(out.size() - 1);
    RtpWriter.setMarker(last, 0, true);
    return out;
  }

  private void fragment(
      byte[] au, int[] nal, int pt, long ts, boolean hasCapture, long ntp, List<byte[]> out) {
    byte header = au[nal[0]];
    byte indicator = (byte) ((header & 0xE0) | TYPE_FU_A);
    int type = header & 0x1F;
    int pos = nal[0] + 1; // the NAL header byte travels in the FU indicator/header
    int end = nal[0] + nal[1];
    boolean startBit = true;
    while (pos < end) {
      boolean ext = out.isEmpty() && hasCapture;
      int room = mtu - headerSize(ext) - 2;
      int chunk = Math.min(room, end - pos);
      boolean endBit = pos + chunk == end;
      byte[] p = newPacket(ext, pt, ts, ntp, 2 + chunk);
      int w = headerSize(ext);
      p[w] = indicator;
      p[w + 1] = (byte) ((startBit ? 0x80 : 0) | (endBit ? 0x40 : 0) | type);
      System.arraycopy(au, pos, p, w + 2, chunk);
      out.add(p);
      pos += chunk;
      startBit = false;
    }
  }

  private static int headerSize(boolean ext) {
    return RtpPacket.FIXED_HEADER + (ext ? RtpWriter.ABS_CAPTURE_TIME_EXT_BYTES : 0);
  }

  private byte[] newPacket(boolean ext, int pt, long ts, long ntp, int payloadLength) {
    byte[] p = new byte[headerSize(ext) + payloadLength];
    RtpWriter.writeHeader(p, 0, false, pt, sequence, ts, ssrc, ext, captureTimeExtId, ntp);
    sequence = (sequence + 1) & 0xFFFF;
    return p;
  }
}
