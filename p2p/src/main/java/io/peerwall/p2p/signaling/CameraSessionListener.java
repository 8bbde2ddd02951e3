package io.peerwall.p2p.signaling;

/**
 * Camera-side callbacks of a {@link SignalingServer}. {@link #onSessionStarted} runs on the
 * session's signaling connection thread ({@code p2p-sig-conn-<port>-<n>}); {@link #onSessionEnded}
 * on whichever thread ended the session (that connection thread, or the caller of {@code
 * CameraSession.close()} / {@code SignalingServer.close()}). Return quickly.
 */
public interface CameraSessionListener {
  /** ICE connected: start sending frames with {@code session.sender()}. */
  void onSessionStarted(CameraSession session);

  /** The session ended (bye, connection lost, ICE failure after start, server closed, close()). */
  default void onSessionEnded(CameraSession session, String reason) {}
}
