package io.peerwall.recorder.evidence;

/**
 * One reason a file is NOT AUTHENTIC.
 *
 * @param reason what kind of failure
 * @param detail what exactly, in words for the person holding the file
 */
public record Failure(Reason reason, String detail) {

  /** Kinds of failure, each with a short headline. */
  public enum Reason {
    NOT_MP4("not an MP4 file"),
    TRUNCATED("the file is cut short"),
    MALFORMED("the file's structure is damaged"),
    SIGNATURE_MOVED("the signature is not where the format puts it"),
    UNSUPPORTED_SIGNATURE("signed in a way PeerWall does not check"),
    CERTIFICATE_INVALID("the certificate is damaged or too weak"),
    CERTIFICATE_REPLACED("the certificate was replaced"),
    STATION_MISMATCH("signed by another station"),
    MEDIA_CHANGED("the video data changed"),
    MOVIE_HEADER_CHANGED("the movie header changed"),
    FRAGMENT_CHANGED("a fragment's index changed"),
    FRAGMENT_REMOVED("a fragment was removed"),
    CONTENT_ADDED_OR_REMOVED("boxes were added or removed"),
    DESCRIPTION_CHANGED("the export description changed"),
    SIGNATURE_MISMATCH("the signature does not match the file");

    private final String headline;

    Reason(String headline) {
      this.headline = headline;
    }

    public String headline() {
      return headline;
    }
  }

  @Override
  public String toString() {
    return reason.headline() + ": " + detail;
  }
}
