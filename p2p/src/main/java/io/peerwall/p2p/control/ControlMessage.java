package io.peerwall.p2p.control;

import java.util.List;

/**
 * Messages of the in-session control channel: JSON objects, one per DTLS application-data record
 * (so they are encrypted and authenticated by the session's DTLS keys). Requests carry an {@code
 * id}; the camera answers each with a {@link Result} or {@link Info} of the same id.
 */
public sealed interface ControlMessage {
  /** Liveness (every second, both ways); the peer answers {@link Pong}. */
  record Ping(long id) implements ControlMessage {}

  record Pong(long id) implements ControlMessage {}

  /**
   * Station → camera: send a keyframe now on {@code stream} ("main" or "sub"), or on every stream
   * the session carries when it is null (as an RTCP PLI, which names only the SSRC, does).
   */
  record KeyframeRequest(String stream) implements ControlMessage {
    /** A request for every stream of the session. */
    public KeyframeRequest() {
      this(null);
    }
  }

  /**
   * Station → camera: carry exactly these streams ("main", "sub"; one or both, no repeats) on the
   * session from now on (decision 0037). The camera refuses the whole set if it lacks one.
   */
  record SelectStreams(long id, List<String> streams) implements ControlMessage {
    public SelectStreams {
      streams = List.copyOf(streams);
    }
  }

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

  /**
   * Camera → station: outcome of a request.
   *
   * @param reason in words, for people (empty when ok)
   * @param code what a refusal stands for, for programs: a {@code FailureReason} wire code
   *     ("wrong-password", "locked-out", "throttled", "not-pairable") or "weak-password"; empty
   *     when ok or for any other refusal
   * @param retryAfterMillis for "locked-out" and "throttled": when to try again (0 otherwise)
   */
  record Result(long id, boolean ok, String reason, String code, long retryAfterMillis)
      implements ControlMessage {
    /** A result without a refusal code. */
    public Result(long id, boolean ok, String reason) {
      this(id, ok, reason, "", 0);
    }
  }

  /** Either side: the session ends. */
  record Bye(String reason) implements ControlMessage {}

  /** A camera's answer to a request other than {@link Result} and {@link Info}, by id. */
  sealed interface Reply extends ControlMessage {
    long id();
  }

  /** Station → camera: send your password facts (answered by {@link PasswordFactsReply}). */
  record PasswordFactsRequest(long id) implements ControlMessage {}

  /** Camera → station. Cameras from before this message drop the request (unknown type). */
  record PasswordFactsReply(long id, PasswordFacts facts) implements Reply {}

  /** Station → camera: make a site key if you have none (answered by {@link Result}). */
  record SiteKeyCreate(long id) implements ControlMessage {}

  /**
   * Station → camera: seal your site key to the camera whose identity key is {@code recipientKey}
   * (base64 DER, as pinned by the station); answered by {@link SiteKeySealed} or a refusing {@link
   * Result}.
   */
  record SiteKeyExport(long id, String recipientKey) implements ControlMessage {}

  /** Camera → station: the site key sealed to the recipient (base64; only it can open it). */
  record SiteKeySealed(long id, String envelope) implements Reply {}

  /**
   * Station → camera: take the site key the camera with identity key {@code senderKey} sealed to
   * you; answered by {@link Result}.
   */
  record SiteKeyImport(long id, String senderKey, String envelope) implements ControlMessage {}
}
