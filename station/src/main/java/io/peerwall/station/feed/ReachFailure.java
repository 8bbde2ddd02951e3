package io.peerwall.station.feed;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.signaling.SignalingException;

/**
 * A connection attempt that found no way to the camera, with the {@link FeedProblem} it stands for:
 * which ways were tried and how each failed. A network failure (UNREACHABLE): the supervisor
 * retries it with its backoff.
 */
public final class ReachFailure extends SignalingException {
  private static final long serialVersionUID = 1L;

  private final transient FeedProblem problem;

  public ReachFailure(FeedProblem problem, String message, Throwable cause) {
    super(FailureReason.UNREACHABLE, message, 0);
    this.problem = problem;
    if (cause != null) {
      initCause(cause);
    }
  }

  public FeedProblem problem() {
    return problem;
  }
}
