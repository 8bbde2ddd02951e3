package io.peerwall.p2p.ice;

/**
 * A state change of an {@link IceSession}.
 *
 * @param sessionId the session's id
 * @param previous the state before
 * @param state the new state
 * @param reason human-readable cause (for FAILED/CLOSED; may be empty otherwise)
 */
public record IceSessionEvent(
    String sessionId, IceSessionState previous, IceSessionState state, String reason) {}
