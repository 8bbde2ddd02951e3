package io.peerwall.decoder;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Makes every keyframe self-contained: remembers the latest parameter sets (H.264 SPS/PPS, H.265
 * VPS/SPS/PPS) seen in a stream and puts them in front of any keyframe that lacks them, and
 * rewrites every start code to the 4-byte form.
 *
 * <p>Why: a viewer that joins mid-stream, a recording segment that starts at a keyframe and a
 * decoder that recovers after loss all need the parameter sets right before the IDR. Encoders
 * differ (some emit them once, some in extradata only, some with every IDR), so we normalise at the
 * source. One instance per stream; not thread-safe.
 */
public final class ParameterSetInjector {

  private final VideoCodec codec;
  // Latest parameter set NAL units (without start code), indexed vps/sps/pps.
  private final byte[][] sets = new byte[3][];

  public ParameterSetInjector(VideoCodec codec) {
    this.codec = codec;
  }

  /**
   * Seeds the remembered parameter sets from an Annex B blob, e.g. an encoder's extradata, so that
   * even the first keyframe gets them if the encoder only put them there.
   */
  public void learn(byte[] annexB) {
    if (!codec.usesNalUnits()) {
      return;
    }
    for (AnnexB.NalUnit nal : AnnexB.split(annexB)) {
      remember(annexB, nal);
    }
  }

  /**
   * Returns the access unit with 4-byte start codes and, if it is a keyframe missing parameter
   * sets, with the remembered ones inserted (after an access unit delimiter, if any). Returns the
   * same array when nothing had to change. Units of codecs without parameter sets (VP8, VP9, AV1)
   * are returned as they are.
   */
  public byte[] process(byte[] accessUnit) {
    if (!codec.usesNalUnits()) {
      return accessUnit;
    }
    List<AnnexB.NalUnit> nals = AnnexB.split(accessUnit);
    boolean keyframe = false;
    boolean[] present = new boolean[3];
    boolean normalized = true;
    int expected = 0;
    for (AnnexB.NalUnit nal : nals) {
      int type = AnnexB.nalType(codec, accessUnit[nal.offset()]);
      keyframe |= AnnexB.isKeyframeNal(codec, type);
      int slot = slotOf(type);
      if (slot >= 0) {
        present[slot] = true;
        remember(accessUnit, nal);
      }
      // Normalised means: exactly "00 00 00 01" before each unit and nothing else in between.
      normalized &= nal.offset() == expected + START_CODE_LENGTH;
      expected = nal.offset() + nal.length();
    }
    normalized &= expected == accessUnit.length;

    boolean inject = false;
    if (keyframe) {
      for (int slot = firstRequiredSlot(); slot < 3; slot++) {
        inject |= !present[slot] && sets[slot] != null;
      }
    }
    if (normalized && !inject) {
      return accessUnit;
    }

    ByteArrayOutputStream out = new ByteArrayOutputStream(accessUnit.length + 64);
    boolean injected = !inject;
    for (AnnexB.NalUnit nal : nals) {
      int type = AnnexB.nalType(codec, accessUnit[nal.offset()]);
      if (!injected && !AnnexB.isAccessUnitDelimiter(codec, type)) {
        for (int slot = firstRequiredSlot(); slot < 3; slot++) {
          if (!present[slot] && sets[slot] != null) {
            out.writeBytes(AnnexB.START_CODE);
            out.writeBytes(sets[slot]);
          }
        }
        injected = true;
      }
      out.writeBytes(AnnexB.START_CODE);
      out.write(accessUnit, nal.offset(), nal.length());
    }
    return out.toByteArray();
  }

  private static final int START_CODE_LENGTH = 4;

  private void remember(byte[] data, AnnexB.NalUnit nal) {
    int slot = slotOf(AnnexB.nalType(codec, data[nal.offset()]));
    if (slot >= 0) {
      byte[] copy = new byte[nal.length()];
      System.arraycopy(data, nal.offset(), copy, 0, nal.length());
      sets[slot] = copy;
    }
  }

  /** H.264 has no VPS, so its required sets start at the SPS slot. */
  private int firstRequiredSlot() {
    return codec == VideoCodec.H264 ? 1 : 0;
  }

  private int slotOf(int type) {
    if (codec == VideoCodec.H264) {
      return type == AnnexB.H264_SPS ? 1 : type == AnnexB.H264_PPS ? 2 : -1;
    }
    return switch (type) {
      case AnnexB.H265_VPS -> 0;
      case AnnexB.H265_SPS -> 1;
      case AnnexB.H265_PPS -> 2;
      default -> -1;
    };
  }
}
