package io.peerwall.p2p.session;

import io.peerwall.p2p.ice.PathType;

/**
 * A state change of a {@link CameraLink}, delivered on the link's own event thread.
 *
 * @param cameraId the camera
 * @param state the new state
 * @param attempt reconnect attempt number (0 for the first connection)
 * @param reason why (empty when live)
 * @param path the selected path when LIVE (host / srflx / prflx / relay), else null
 */
public record LinkEvent(
    String cameraId, LinkState state, int attempt, String reason, PathType path) {}
