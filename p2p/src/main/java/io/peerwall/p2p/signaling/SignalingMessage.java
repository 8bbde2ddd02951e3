package io.peerwall.p2p.signaling;

import io.peerwall.p2p.ice.IceDescription;

/**
 * The messages of the direct signaling protocol (one JSON object per line, see {@link
 * SignalingCodec}). Flow on one TCP connection:
 *
 * <pre>
 *   camera (server)                      station (client)
 *        ──── hello {version, cameraName, cameraId} ───►
 *        ◄─── offer {ice}      (station is ICE-controlling)
 *        ──── answer {ice} ───►
 *        ══════ ICE checks, then RTP/RTCP over UDP ══════
 *        ◄──► bye {reason}     (either side; closing the TCP connection also ends the session)
 *        ◄──► error {reason}   (then the sender closes the connection)
 * </pre>
 */
public sealed interface SignalingMessage {

  /** Sent by the camera right after accepting a connection. */
  record Hello(int version, String cameraName, String cameraId) implements SignalingMessage {}

  /** The station's ICE description. */
  record Offer(IceDescription ice) implements SignalingMessage {}

  /** The camera's ICE description. */
  record Answer(IceDescription ice) implements SignalingMessage {}

  /** Orderly end of the session. */
  record Bye(String reason) implements SignalingMessage {}

  /** Fatal problem; the connection is closed after it. */
  record ErrorMessage(String reason) implements SignalingMessage {}
}
