package io.peerwall.recorder.evidence;

import java.util.List;

/**
 * Camera-side signatures (ONVIF Media Signing SEI: H.264/H.265 user data unregistered with UUID
 * 005bc93f-2d71-5e95-ada4-796f90877a6f) found in the exported video, per GOP. PeerWall does not
 * validate them (that needs the camera's certificate chain and the ONVIF Media Signing validator);
 * it reports that the camera's own signatures reached the export.
 *
 * @param checked false when the file's layout was not scanned (only fragmented files are)
 * @param gops one entry per GOP (per fragment of a PeerWall export)
 */
public record CameraSignatures(boolean checked, List<Gop> gops) {
  public CameraSignatures {
    gops = List.copyOf(gops);
  }

  static CameraSignatures notChecked() {
    return new CameraSignatures(false, List.of());
  }

  /**
   * One GOP.
   *
   * @param index 0-based
   * @param startSeconds media time of its first picture
   * @param pictures samples in it
   * @param signingSeis ONVIF Media Signing SEI NAL units in it
   */
  public record Gop(int index, double startSeconds, int pictures, int signingSeis) {}

  /** GOPs carrying at least one camera signature SEI. */
  public long gopsSigned() {
    return gops.stream().filter(g -> g.signingSeis() > 0).count();
  }

  public boolean present() {
    return gopsSigned() > 0;
  }

  /** One line for people: "present in 12 of 12 GOPs", "none", "not checked". */
  public String summary() {
    if (!checked) {
      return "not checked (only fragmented MP4 is scanned)";
    }
    return present() ? "present in " + gopsSigned() + " of " + gops.size() + " GOPs" : "none";
  }
}
