package io.peerwall.recorder.evidence;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a signed export says about itself (the ONVIF SurveillanceExportBox 'suep' and
 * CorrectStartTimeBox 'cstb'): which station exported it, when, who was at the keyboard, and per
 * track which camera and from when.
 *
 * @param stationName the station's display name
 * @param stationId the station's ID
 * @param exportTime when the export started (stored to the second, as ISO/IEC 14496-12 times)
 * @param operator who exported it (the OS user); may be empty
 * @param tracks one per track of the file
 */
public record ExportDescription(
    String stationName, String stationId, Instant exportTime, String operator, List<Track> tracks) {

  public ExportDescription {
    Objects.requireNonNull(stationName, "stationName");
    Objects.requireNonNull(stationId, "stationId");
    Objects.requireNonNull(exportTime, "exportTime");
    Objects.requireNonNull(operator, "operator");
    tracks = List.copyOf(tracks);
  }

  /**
   * One track's source.
   *
   * @param trackId the MP4 track ID (1 for the video of an export)
   * @param cameraName the camera's display name
   * @param cameraId the camera's ID
   * @param startTime wall-clock time of the track's media time zero (its first picture)
   */
  public record Track(int trackId, String cameraName, String cameraId, Instant startTime) {
    public Track {
      Objects.requireNonNull(cameraName, "cameraName");
      Objects.requireNonNull(cameraId, "cameraId");
      Objects.requireNonNull(startTime, "startTime");
      if (trackId <= 0 || trackId > 0xffff) {
        throw new IllegalArgumentException("track ID out of range: " + trackId);
      }
    }
  }

  /** The operator of this process: the OS user name, or "" if the OS does not say. */
  public static String currentOperator() {
    String user = System.getProperty("user.name", "");
    return user == null ? "" : user;
  }
}
