package io.peerwall.p2p.signaling;

import java.util.List;

/**
 * Camera-side callbacks of a {@link SignalingServer}. {@link #onSessionStarted} runs on the
 * session's signaling thread ({@code p2p-sig-conn-<port>-<n>}); {@link #onStreamSelected} on the
 * session's control thread ({@code p2p-ctl-<id>}); {@link #onSessionEnded} on whichever thread
 * ended the session. Return quickly.
 */
public interface CameraSessionListener {
  /** ICE, DTLS and SRTP are up: start sending frames with {@code session.sender()}. */
  void onSessionStarted(CameraSession session);

  /**
   * The streams the camera offers ("main", and "sub" if it has one), as the control channel's
   * camera info lists them; a SelectStream for any other is refused. Any thread.
   */
  default List<String> streams() {
    return List.of("main");
  }

  /** The station asked for another stream ("main" or "sub"), one that {@link #streams} lists. */
  default void onStreamSelected(CameraSession session, String stream) {}

  /** The session ended (bye, connection lost, ICE failure after start, server closed, close()). */
  default void onSessionEnded(CameraSession session, String reason) {}
}
