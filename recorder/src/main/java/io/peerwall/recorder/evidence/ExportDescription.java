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
 * @param bookmarks the bookmarks of the exported cameras that overlap the exported range, carried
 *     inside the signed box (PeerWall's bookmarks box, decision 0087); empty when there are none
 */
public record ExportDescription(
    String stationName,
    String stationId,
    Instant exportTime,
    String operator,
    List<Track> tracks,
    List<Bookmark> bookmarks) {

  /** The most bookmarks one export carries (the bookmarks box's bound when it is read). */
  public static final int MAX_BOOKMARKS = 10_000;

  public ExportDescription {
    Objects.requireNonNull(stationName, "stationName");
    Objects.requireNonNull(stationId, "stationId");
    Objects.requireNonNull(exportTime, "exportTime");
    Objects.requireNonNull(operator, "operator");
    tracks = List.copyOf(tracks);
    bookmarks = List.copyOf(bookmarks);
  }

  /** A description without bookmarks. */
  public ExportDescription(
      String stationName,
      String stationId,
      Instant exportTime,
      String operator,
      List<Track> tracks) {
    this(stationName, stationId, exportTime, operator, tracks, List.of());
  }

  /** The same description carrying these bookmarks. */
  public ExportDescription withBookmarks(List<Bookmark> marks) {
    return new ExportDescription(stationName, stationId, exportTime, operator, tracks, marks);
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

  /**
   * A bookmark exported with the clip: a name and a note on a time range of a camera, as the
   * station's bookmark list had it when the clip was exported.
   *
   * @param cameraId the camera it marks
   * @param start start of the marked range
   * @param end end of the marked range (equal to start for a moment)
   * @param name its name
   * @param note its note (may be empty)
   * @param createdBy who made it (the OS user at the station)
   */
  public record Bookmark(
      String cameraId, Instant start, Instant end, String name, String note, String createdBy) {
    public Bookmark {
      Objects.requireNonNull(cameraId, "cameraId");
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(note, "note");
      Objects.requireNonNull(createdBy, "createdBy");
    }
  }

  /** The operator of this process: the OS user name, or "" if the OS does not say. */
  public static String currentOperator() {
    String user = System.getProperty("user.name", "");
    return user == null ? "" : user;
  }
}
