package io.peerwall.camera;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.CameraSessionListener;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera side: one source, opened once and shared by every connected station. Each station has
 * its own session (ICE + RTP); a station that joins gets frames from the next keyframe on, and the
 * source is asked to jump to one so the new picture appears within a GOP.
 */
public final class CameraAgent implements AutoCloseable, CameraSessionListener {
  private static final Logger log = LoggerFactory.getLogger(CameraAgent.class);
  private static final long RTP_CLOCK_HZ = 90_000;

  private final SignalingServer.Config config;
  private final ClipReplaySource source;
  private final SignalingServer server;
  private final Map<CameraSession, Outbound> sessions = new ConcurrentHashMap<>();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong sessionsServed = new AtomicLong();

  /** Per-station send state; touched only on the source's thread after creation. */
  private static final class Outbound {
    volatile boolean waitingForKeyframe = true;
  }

  public CameraAgent(SignalingServer.Config config, ClipReplaySource source) {
    this.config = config;
    this.source = source;
    this.server = new SignalingServer(config, this);
  }

  /**
   * Starts the source and listens for stations.
   *
   * @throws IOException when the signaling port cannot be bound (the message names the port)
   */
  public void start() throws IOException {
    server.start();
    source.start(this::fanOut);
    log.info(
        "camera '{}' serving on {}:{}", config.cameraName(), config.bindAddress(), server.port());
  }

  /** The bound signaling port (useful when the config asked for an ephemeral one). */
  public int port() {
    return server.port();
  }

  public String name() {
    return config.cameraName();
  }

  public String cameraId() {
    return config.cameraId();
  }

  /** Frames sent, summed over all station sessions. */
  public long framesSent() {
    return framesSent.get();
  }

  public long sendFailures() {
    return sendFailures.get();
  }

  /** Stations connected now. */
  public int activeSessions() {
    return sessions.size();
  }

  /** Stations served since start (including ones that left). */
  public long sessionsServed() {
    return sessionsServed.get();
  }

  @Override
  public void onSessionStarted(CameraSession session) {
    sessions.put(session, new Outbound());
    sessionsServed.incrementAndGet();
    session.sender().onKeyframeRequest(source::requestKeyframe);
    source.requestKeyframe();
    log.info(
        "camera '{}': station {} connected over {}",
        config.cameraName(),
        session.remoteSignalingAddress(),
        session.selectedPath().type());
  }

  @Override
  public void onSessionEnded(CameraSession session, String reason) {
    if (sessions.remove(session) != null) {
      log.info("camera '{}': station session ended ({})", config.cameraName(), reason);
    }
  }

  /** Runs on the source's thread: one access unit to every live station session. */
  private void fanOut(AccessUnit unit) {
    if (sessions.isEmpty()) {
      return;
    }
    EncodedFrame frame =
        new EncodedFrame(
            unit.data(),
            unit.ptsMicros() * RTP_CLOCK_HZ / 1_000_000L,
            unit.captureEpochMicros(),
            unit.keyframe());
    for (Map.Entry<CameraSession, Outbound> entry : sessions.entrySet()) {
      Outbound outbound = entry.getValue();
      if (outbound.waitingForKeyframe && !frame.keyframe()) {
        continue; // a decoder cannot start mid-GOP
      }
      outbound.waitingForKeyframe = false;
      CameraSession session = entry.getKey();
      try {
        session.sender().send(frame);
        framesSent.incrementAndGet();
      } catch (IOException | IllegalArgumentException e) {
        // A session that is ending is removed by its listener; anything else is worth a warning.
        sendFailures.incrementAndGet();
        if (session.isClosed()) {
          log.debug("camera '{}': dropped a frame for an ending session", config.cameraName());
        } else {
          log.warn("camera '{}': sending failed: {}", config.cameraName(), e.getMessage());
        }
      }
    }
  }

  /** Stops the source, ends every session and closes the signaling port. */
  @Override
  public void close() {
    source.close();
    server.close();
    sessions.clear();
  }
}
