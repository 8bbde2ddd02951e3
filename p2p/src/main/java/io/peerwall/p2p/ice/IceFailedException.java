package io.peerwall.p2p.ice;

import java.io.IOException;
import java.util.List;

/**
 * ICE did not connect (or the session was closed first); the message says why. When STUN or TURN
 * servers misbehaved during gathering, {@link #serverProblems()} says which and how (a TURN server
 * refusing the credentials is not the same as one that does not answer), and the message ends with
 * them.
 */
public final class IceFailedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient List<IceServerStatus> serverProblems;

  public IceFailedException(String message) {
    this(message, List.of());
  }

  public IceFailedException(String message, List<IceServerStatus> serverProblems) {
    super(message + describe(serverProblems));
    this.serverProblems = List.copyOf(serverProblems);
  }

  /** The STUN/TURN servers that did not help this session (empty if none, or none configured). */
  public List<IceServerStatus> serverProblems() {
    return serverProblems;
  }

  /** Whether a TURN server refused the credentials (wrong, forged or expired). */
  public boolean turnRefusedCredentials() {
    return serverProblems.stream()
        .anyMatch(s -> s.outcome() == IceServerStatus.Outcome.REFUSED_CREDENTIALS);
  }

  private static String describe(List<IceServerStatus> problems) {
    if (problems.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; ");
    for (int i = 0; i < problems.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(problems.get(i).describe());
    }
    return b.toString();
  }
}
