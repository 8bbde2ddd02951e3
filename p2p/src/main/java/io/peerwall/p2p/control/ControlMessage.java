package io.peerwall.p2p.control;

/**
 * Messages of the in-session control channel: JSON objects, one per DTLS application-data record
 * (so they are encrypted and authenticated by the session's DTLS keys). Requests carry an {@code
 * id}; the camera answers each with a {@link Result} or {@link Info} of the same id.
 */
public sealed interface ControlMessage {
  /** Liveness (every second, both ways); the peer answers {@link Pong}. */
  record Ping(long id) implements ControlMessage {}

  record Pong(long id) implements ControlMessage {}

  /** Station → camera: send a keyframe now (in addition to RTCP PLI). */
  record KeyframeRequest() implements ControlMessage {}

  /** Station → camera: switch to the named stream ("main" or "sub"). */
  record SelectStream(long id, String stream) implements ControlMessage {}

  /** Station → camera: describe yourself. */
  record InfoRequest(long id) implements ControlMessage {}

  /** Camera → station. */
  record Info(long id, CameraInfo info) implements ControlMessage {}

  /** Station → camera: replace the password (old one required; checked on the camera). */
  record ChangePassword(long id, String oldPassword, String newPassword) implements ControlMessage {
    @Override
    public String toString() {
      return "ChangePassword[id=" + id + ", <redacted>]";
    }
  }

  /** Station → camera: unpair a station (by ID; the caller's own ID unpairs itself). */
  record Unpair(long id, String stationId) implements ControlMessage {}

  /** Camera → station: outcome of a request. */
  record Result(long id, boolean ok, String reason) implements ControlMessage {}

  /** Either side: the session ends. */
  record Bye(String reason) implements ControlMessage {}
}
