package io.peerwall.recorder.evidence;

import java.time.Instant;
import java.util.List;

/**
 * What a signed export says about itself, as read from its signed boxes.
 *
 * @param stationName the exporting station's name (from 'suep')
 * @param stationId the station's ID (the certificate's, equal to the one 'suep' names)
 * @param fingerprint SHA-256 fingerprint of the signing certificate
 * @param certificateSubject the certificate's subject, as it reads
 * @param exportTime when the export started
 * @param operator who exported (may be empty)
 * @param tracks the cameras and their start times
 * @param cameraSignatures camera-side signatures per GOP
 * @param laterSignatures signing instances added after PeerWall's (ONVIF repeated signing), not
 *     checked
 * @param bookmarks the bookmarks exported with the clip (PeerWall's bookmarks box), empty if none
 */
public record Evidence(
    String stationName,
    String stationId,
    String fingerprint,
    String certificateSubject,
    Instant exportTime,
    String operator,
    List<ExportDescription.Track> tracks,
    CameraSignatures cameraSignatures,
    int laterSignatures,
    List<ExportDescription.Bookmark> bookmarks) {
  public Evidence {
    tracks = List.copyOf(tracks);
    bookmarks = List.copyOf(bookmarks);
  }

  /** Evidence without bookmarks. */
  public Evidence(
      String stationName,
      String stationId,
      String fingerprint,
      String certificateSubject,
      Instant exportTime,
      String operator,
      List<ExportDescription.Track> tracks,
      CameraSignatures cameraSignatures,
      int laterSignatures) {
    this(
        stationName,
        stationId,
        fingerprint,
        certificateSubject,
        exportTime,
        operator,
        tracks,
        cameraSignatures,
        laterSignatures,
        List.of());
  }
}
