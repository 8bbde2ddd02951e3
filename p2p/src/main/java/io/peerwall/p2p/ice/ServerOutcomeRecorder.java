package io.peerwall.p2p.ice;

import io.peerwall.p2p.json.StrictJson;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.message.Response;

/**
 * Collects what one STUN or TURN server answered during one harvest. Written by ice4j's STUN
 * threads, read by the session after gathering (which waits for every harvest to end).
 */
final class ServerOutcomeRecorder {
  private final String server;
  private final IceServerStatus.Kind kind;
  private IceServerStatus.Outcome outcome = IceServerStatus.Outcome.NOT_ASKED;
  private String detail = "";

  ServerOutcomeRecorder(String server, IceServerStatus.Kind kind) {
    this.server = server;
    this.kind = kind;
  }

  synchronized void asked() {
    if (outcome == IceServerStatus.Outcome.NOT_ASKED) {
      outcome = IceServerStatus.Outcome.NO_ANSWER;
    }
  }

  synchronized void succeeded() {
    outcome = IceServerStatus.Outcome.OK;
    detail = "";
  }

  /** An error response ({@code response} non-null) or a timeout (null) to the main request. */
  synchronized void failed(Response response) {
    if (outcome == IceServerStatus.Outcome.OK) {
      return; // another host candidate's request got through
    }
    if (response == null) {
      outcome = IceServerStatus.Outcome.NO_ANSWER;
      return;
    }
    Attribute a = response.getAttribute(Attribute.ERROR_CODE);
    int code = 0;
    String reason = "";
    if (a instanceof ErrorCodeAttribute e) {
      code = e.getErrorCode();
      reason = e.getReasonPhrase() == null ? "" : StrictJson.clip(e.getReasonPhrase().trim());
    }
    outcome =
        code == 401 || code == 441
            ? IceServerStatus.Outcome.REFUSED_CREDENTIALS
            : IceServerStatus.Outcome.REFUSED;
    detail = code == 0 ? "" : (code + (reason.isEmpty() ? "" : " " + reason));
  }

  synchronized IceServerStatus status() {
    return new IceServerStatus(server, kind, outcome, detail);
  }
}
