package io.peerwall.p2p.signaling;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.control.ControlMessage;
import io.peerwall.p2p.control.ControlMessage.ChangePassword;
import io.peerwall.p2p.control.ControlMessage.Info;
import io.peerwall.p2p.control.ControlMessage.InfoRequest;
import io.peerwall.p2p.control.ControlMessage.KeyframeRequest;
import io.peerwall.p2p.control.ControlMessage.Result;
import io.peerwall.p2p.control.ControlMessage.SelectStreams;
import io.peerwall.p2p.control.ControlMessage.Unpair;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PasswordChange;
import io.peerwall.p2p.pairing.PasswordVerifier;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's answers to control requests of one authenticated station. Password change needs the
 * current password so that a stolen, still-paired station cannot lock the owner out silently; it is
 * a password check like pairing's, throttled and counted with it ({@link PasswordChange}).
 */
final class CameraControlHandler implements ControlChannel.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(CameraControlHandler.class);
  static final String MODEL = "PeerWall camera agent";

  private final CameraSession session;
  private final CameraCredentials credentials;
  private final String cameraName;
  private final CameraSessionListener listener;
  private volatile ControlChannel channel;

  CameraControlHandler(
      CameraSession session,
      CameraCredentials credentials,
      String cameraName,
      CameraSessionListener listener) {
    this.session = session;
    this.credentials = credentials;
    this.cameraName = cameraName;
    this.listener = listener;
  }

  void bind(ControlChannel c) {
    this.channel = c;
  }

  @Override
  public void onMessage(ControlMessage m) {
    ControlChannel c = channel;
    if (m instanceof KeyframeRequest k) {
      if (k.stream() == null) {
        session.sender().raiseKeyframeRequest();
      } else if (session.selectedStreams().contains(k.stream())) {
        listener.onKeyframeRequested(session, k.stream());
      }
      // A keyframe of a stream the session does not carry would reach nobody: ignored.
    } else if (m instanceof SelectStreams s) {
      List<String> offered = listener.streams();
      for (String stream : s.streams()) {
        if (!offered.contains(stream)) {
          // Refused rather than silently ignored: the station would otherwise wait for frames of
          // a stream (payload type) that never comes. The session keeps its current set.
          c.send(new Result(s.id(), false, "this camera has no " + stream + " stream"));
          return;
        }
      }
      Set<String> set = new LinkedHashSet<>(s.streams());
      session.selectStreams(set);
      listener.onStreamsSelected(session, session.selectedStreams());
      c.send(new Result(s.id(), true, ""));
    } else if (m instanceof InfoRequest r) {
      c.send(new Info(r.id(), info()));
    } else if (m instanceof ChangePassword p) {
      PasswordChange.Answer a =
          PasswordChange.handle(
              credentials,
              session.station().id(),
              p.oldPassword().toCharArray(),
              p.newPassword().toCharArray(),
              List.of(cameraName));
      c.send(new Result(p.id(), a.ok(), a.reason(), a.code(), a.retryAfterMillis()));
    } else if (m instanceof Unpair u) {
      boolean removed = credentials.store().unpair(u.stationId());
      LOG.info(
          "station {} unpaired station {} ({})",
          session.station().id(),
          u.stationId(),
          removed ? "removed" : "was not paired");
      c.send(new Result(u.id(), removed, removed ? "" : "not paired"));
      if (u.stationId().equals(session.station().id())) {
        session.end("unpaired");
      }
    } else if (CameraAuditRequests.handles(m)) {
      c.send(new CameraAuditRequests(credentials, session.station().id()).answer(m));
    }
  }

  CameraInfo info() {
    PasswordVerifier v = credentials.store().verifier();
    CameraPairingStore.Audit a = credentials.store().audit();
    return new CameraInfo(
        cameraName,
        MODEL,
        listener.streams(),
        System.currentTimeMillis(),
        v == null ? 0 : v.setAtMillis(),
        v == null ? "unset" : v.strength(),
        a.failedAttempts(),
        a.lockouts(),
        a.lockedUntilMillis(),
        credentials.store().stations().size(),
        a.blocklistedAttempts(),
        a.lastBlocklistedMillis(),
        a.failedPasswordChanges());
  }

  @Override
  public void onClosed(String reason) {
    session.end(
        reason.startsWith(ControlChannel.BYE_PREFIX)
            ? "bye from station: " + reason.substring(ControlChannel.BYE_PREFIX.length())
            : "control channel: " + reason);
  }
}
