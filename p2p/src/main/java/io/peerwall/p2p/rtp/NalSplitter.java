package io.peerwall.p2p.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an H.264 access unit in Annex B form (ITU-T H.264 Annex B) into its NAL units, for the
 * packetizer. (The media core's fuller Annex B reader is {@code decoder.AnnexB}; p2p does not know
 * the decoder, so this small splitter is its own.)
 */
public final class NalSplitter {
  private NalSplitter() {}

  /**
   * Finds the NAL units of an Annex B access unit. Start codes are {@code 00 00 01} (a preceding
   * zero byte of a 4-byte start code is trailing padding of the previous unit); trailing zero bytes
   * are not part of a NAL unit (a NAL unit never ends in 0x00), bytes before the first start code
   * are ignored, and empty units are skipped.
   *
   * @return {@code {offset, length}} pairs of the NAL units (without start codes)
   */
  public static List<int[]> split(byte[] b) {
    List<int[]> nals = new ArrayList<>();
    int n = b.length;
    int start = -1;
    int i = 0;
    while (i + 2 < n) {
      if ((b[i + 2] & 0xFF) > 1) {
        i += 3; // fast skip: b[i+2] can't be part of a start code ending at i, i+1 or i+2
        continue;
      }
      if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
        if (start >= 0) {
          add(nals, b, start, i);
        }
        i += 3;
        start = i;
        continue;
      }
      i++;
    }
    if (start >= 0) {
      add(nals, b, start, n);
    }
    return nals;
  }

  private static void add(List<int[]> nals, byte[] b, int start, int end) {
    while (end > start && b[end - 1] == 0) {
      end--;
    }
    if (end > start) {
      nals.add(new int[] {start, end - start});
    }
  }

  /** The 5-bit nal_unit_type of a NAL unit header byte. */
  public static int nalType(byte header) {
    return header & 0x1F;
  }
}
