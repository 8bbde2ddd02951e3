package io.peerwall.decoder.testing;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.AnnexB;
import io.peerwall.decoder.VideoCodec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Compares Annex B streams by their NAL units, start code lengths aside. Each NAL unit becomes
 * "header/length/digest" (the header byte in hex, then a SHA-256 prefix of the whole unit), short
 * enough for readable assertion failures and exact enough to prove byte-for-byte equality.
 */
public final class NalPayloads {

  private NalPayloads() {}

  /** The NAL units of a byte stream. */
  public static List<String> of(byte[] annexB) {
    List<String> nals = new ArrayList<>();
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (AnnexB.NalUnit nal : AnnexB.split(annexB)) {
      sha.reset();
      sha.update(annexB, nal.offset(), nal.length());
      nals.add(
          HexFormat.of().toHexDigits(annexB[nal.offset()])
              + "/"
              + nal.length()
              + "/"
              + HexFormat.of().formatHex(sha.digest(), 0, 8));
    }
    return nals;
  }

  /** The NAL units of several access units, in order. */
  public static List<String> of(List<AccessUnit> units) {
    List<String> nals = new ArrayList<>();
    for (AccessUnit unit : units) {
      nals.addAll(of(unit.data()));
    }
    return nals;
  }

  /**
   * The coded pictures alone: without parameter sets (sources repeat them on keyframes) and access
   * unit delimiters (MPEG-TS muxers add them).
   */
  public static List<String> withoutParameterSets(VideoCodec codec, List<String> nals) {
    List<String> kept = new ArrayList<>();
    for (String nal : nals) {
      byte header = (byte) Integer.parseInt(nal.substring(0, 2), 16);
      int type = AnnexB.nalType(codec, header);
      boolean delimiter = codec == VideoCodec.H264 ? type == 9 : type == 35;
      if (!AnnexB.isParameterSet(codec, type) && !delimiter) {
        kept.add(nal);
      }
    }
    return kept;
  }
}
