package io.peerwall.p2p.testutil;

import io.peerwall.p2p.EncodedFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random frames shaped like H.264 Annex B: keyframes are SPS + PPS + IDR slice(s), delta frames one
 * or more non-IDR slices, some with SEI and several small slices (STAP-A), some above 10 KB (FU-A).
 * NAL bodies contain no zero byte, so no start code can be emulated.
 */
public final class SyntheticFrames {
  private SyntheticFrames() {}

  public static byte[] nal(Random r, int type, int size) {
    byte[] b = new byte[size];
    b[0] = (byte) (0x60 | type);
    for (int i = 1; i < size; i++) {
      b[i] = (byte) (1 + r.nextInt(255));
    }
    return b;
  }

  public static byte[] annexB(List<byte[]> nals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] n : nals) {
      out.write(0);
      out.write(0);
      out.write(0);
      out.write(1);
      out.write(n, 0, n.length);
    }
    return out.toByteArray();
  }

  /** Frame {@code i} of a deterministic sequence (keyframe every 30 frames, 30 fps clock). */
  public static EncodedFrame frame(Random r, int i, long captureEpochMicros) {
    List<byte[]> nals = new ArrayList<>();
    boolean key = i % 30 == 0;
    if (key) {
      nals.add(nal(r, 7, 10 + r.nextInt(20))); // SPS
      nals.add(nal(r, 8, 4 + r.nextInt(6))); // PPS
      nals.add(nal(r, 5, 12_000 + r.nextInt(30_000))); // IDR, FU-A
    } else if (i % 7 == 3) {
      nals.add(nal(r, 6, 20 + r.nextInt(40))); // SEI
      for (int k = 0; k < 2 + r.nextInt(4); k++) {
        nals.add(nal(r, 1, 30 + r.nextInt(200))); // several small slices: STAP-A
      }
    } else if (i % 5 == 0) {
      nals.add(nal(r, 1, 10_500 + r.nextInt(5_000))); // > 10 KB delta: FU-A
    } else {
      nals.add(nal(r, 1, 200 + r.nextInt(2_500)));
    }
    return new EncodedFrame(annexB(nals), 3000L * i + 90_000, captureEpochMicros, key);
  }
}
