package io.peerwall.p2p.signaling;

import java.util.List;
import java.util.Set;

/**
 * Camera-side callbacks of a {@link SignalingServer}. {@link #onSessionStarted} runs on the
 * session's signaling thread ({@code p2p-sig-conn-<port>-<n>}); {@link #onStreamsSelected} and
 * {@link #onKeyframeRequested} on the session's control thread ({@code p2p-ctl-<id>}); {@link
 * #onSessionEnded} on whichever thread ended the session. Return quickly.
 */
public interface CameraSessionListener {
  /** ICE, DTLS and SRTP are up: start sending frames with {@code session.sender()}. */
  void onSessionStarted(CameraSession session);

  /**
   * The streams the camera offers ("main", and "sub" if it has one), as the control channel's
   * camera info lists them; a set naming any other is refused. Any thread.
   */
  default List<String> streams() {
    return List.of("main");
  }

  /**
   * The station asked for this set of streams (non-empty, each one {@link #streams} lists): from
   * now on the session carries exactly these, each frame tagged by its payload type.
   */
  default void onStreamsSelected(CameraSession session, Set<String> streams) {}

  /**
   * The station asked for a keyframe on one stream of its session by the control channel. The
   * default treats it as a PLI (every stream of the session).
   */
  default void onKeyframeRequested(CameraSession session, String stream) {
    session.sender().raiseKeyframeRequest();
  }

  /** The session ended (bye, connection lost, ICE failure after start, server closed, close()). */
  default void onSessionEnded(CameraSession session, String reason) {}
}
