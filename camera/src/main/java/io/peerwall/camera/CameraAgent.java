package io.peerwall.camera;

import io.peerwall.decoder.SourceHealth;
import io.peerwall.decoder.VideoSource;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.CameraSessionListener;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera side: one source, opened once and shared by every connected station. Each paired
 * station has its own authenticated session (ICE + DTLS-SRTP, see p2p's {@code SignalingServer}); a
 * station that joins gets frames from the next keyframe on, and the source is asked to jump to one
 * so the new picture appears within a GOP. A station that joins first gets the latest cached GOP
 * ({@link GopCache}), so its first picture comes with the source's next frame. Pairing, the
 * password verifier and the guessing throttle live in the {@link CameraCredentials} of the config.
 */
public final class CameraAgent implements AutoCloseable, CameraSessionListener {
  private static final Logger log = LoggerFactory.getLogger(CameraAgent.class);

  /** The stream names of the control channel. */
  public static final String MAIN = MediaConfig.MAIN_STREAM;

  public static final String SUB = MediaConfig.SUB_STREAM;

  private final SignalingServer.Config config;
  private final Rendition main;
  private final Rendition sub;
  private final SignalingServer server;
  private final VerifierScanner verifierScanner;
  private final Map<CameraSession, Outbound> sessions = new ConcurrentHashMap<>();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong sessionsServed = new AtomicLong();
  private final AtomicLong lastFirstFrameNanos = new AtomicLong(-1);

  /**
   * Per-station send state: the streams the station asked for, each with its own start (a decoder,
   * or a recording, cannot start mid-GOP). Each rendition's source thread sends under this object's
   * lock, so a frame goes out whole and the renditions interleave frame by frame (decision 0037).
   */
  private static final class Outbound {
    final Map<Rendition, Start> renditions = new ConcurrentHashMap<>();
    final long joinedNanos = System.nanoTime();
    volatile long firstFrameNanos;
  }

  /** Where one rendition of one session stands: the cached GOP still to send, or a keyframe. */
  private static final class Start {
    boolean waitingForKeyframe = true;
    boolean catchUp = true;
  }

  /** An agent with one stream. */
  public CameraAgent(SignalingServer.Config config, VideoSource source) {
    this(config, source, null);
  }

  /**
   * An agent with a main stream and, if {@code subSource} is not null, a sub stream that stations
   * may select (a second RTSP URL, a lower rendition of a file, a smaller test pattern).
   */
  public CameraAgent(SignalingServer.Config config, VideoSource source, VideoSource subSource) {
    this.config = config;
    MediaConfig media = config.media();
    this.main = new Rendition(MAIN, media.payloadTypeFor(MAIN), source, this::fanOut);
    this.sub =
        subSource == null
            ? null
            : new Rendition(SUB, media.payloadTypeFor(SUB), subSource, this::fanOut);
    this.server = new SignalingServer(config, this);
    this.verifierScanner = new VerifierScanner(config.credentials());
  }

  /**
   * Listens for stations and opens the source(s), each opened once for all stations (retried with
   * backoff if it cannot be opened yet).
   *
   * @throws IOException when the signaling port cannot be bound (the message names the port)
   */
  public void start() throws IOException {
    server.start();
    verifierScanner.start();
    main.start();
    if (sub != null) {
      sub.start();
    }
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

  /** The camera's self-certifying ID (from its key). */
  public String cameraId() {
    return config.cameraId();
  }

  /** Identity, verifier store and throttle (for pairing status and password changes). */
  public CameraCredentials credentials() {
    return config.credentials();
  }

  /**
   * Pairs {@code station} with this agent over loopback, by the real protocol (SRP-6a over
   * Argon2id, keys pinned on both sides). For in-process setups: the demo, tests.
   */
  public void pairLocally(SignalingClient station, char[] password) throws IOException {
    station.pair(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), cameraId(), password);
  }

  /** The agent's signaling server (to hand it channels relayed by a rendezvous). */
  public SignalingServer signalingServer() {
    return server;
  }

  /** Frames sent, summed over all station sessions. */
  public long framesSent() {
    return framesSent.get();
  }

  /** Frames of one stream ("main" or "sub") sent, summed over all station sessions. */
  public long framesSent(String stream) {
    Rendition r = SUB.equals(stream) ? sub : main;
    return r == null ? 0 : r.framesSent.get();
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
    Outbound outbound = new Outbound();
    sessions.put(session, outbound);
    sessionsServed.incrementAndGet();
    // A PLI (or FIR) names the session's SSRC, which all its streams share: every one is asked.
    session
        .sender()
        .onKeyframeRequest(
            () -> outbound.renditions.keySet().forEach(r -> r.source.requestKeyframe()));
    onStreamsSelected(session, session.selectedStreams());
    log.info(
        "camera '{}': station {} ('{}') connected from {} over {} ({} of at most {})",
        config.cameraName(),
        session.station().id(),
        session.station().name(),
        session.source(),
        session.selectedPath().type(),
        sessions.size(),
        config.maxConnections());
  }

  @Override
  public List<String> streams() {
    return sub == null ? List.of(MAIN) : List.of(MAIN, SUB);
  }

  /**
   * The station's new set of streams: a stream it keeps goes on as it was (a recording's chain of
   * frames is never broken by a tile's switch), a new one starts at its cached GOP, a dropped one
   * stops after the frame in flight.
   */
  @Override
  public void onStreamsSelected(CameraSession session, Set<String> streams) {
    Outbound o = sessions.get(session);
    if (o == null) {
      return;
    }
    Set<Rendition> wanted = new HashSet<>();
    streams.forEach(name -> wanted.add(renditionFor(name)));
    List<Rendition> added = new ArrayList<>();
    synchronized (o) {
      o.renditions.keySet().retainAll(wanted);
      for (Rendition r : wanted) {
        if (o.renditions.putIfAbsent(r, new Start()) == null) {
          added.add(r);
        }
      }
    }
    for (Rendition r : added) {
      if (!r.cacheReady()) {
        r.source.requestKeyframe();
      }
    }
    log.info(
        "camera '{}': station {} takes the {} stream(s)",
        config.cameraName(),
        session.station().id(),
        streams);
  }

  /** A keyframe asked for on one stream by name (the control channel): only that source. */
  @Override
  public void onKeyframeRequested(CameraSession session, String stream) {
    session.sender().raiseKeyframeRequest(renditionFor(stream).source::requestKeyframe);
  }

  private Rendition renditionFor(String stream) {
    return SUB.equals(stream) && sub != null ? sub : main;
  }

  @Override
  public void onSessionEnded(CameraSession session, String reason) {
    if (sessions.remove(session) != null) {
      log.info("camera '{}': station session ended ({})", config.cameraName(), reason);
    }
  }

  /** Runs on a source's thread: one access unit to every station whose set has that stream. */
  private void fanOut(Rendition.Unit unit) {
    EncodedFrame frame = unit.frame();
    if (frame == null || sessions.isEmpty()) {
      return;
    }
    Rendition r = unit.rendition();
    List<EncodedFrame> cached = null;
    for (Map.Entry<CameraSession, Outbound> entry : sessions.entrySet()) {
      Outbound outbound = entry.getValue();
      CameraSession session = entry.getKey();
      synchronized (outbound) {
        Start start = outbound.renditions.get(r);
        if (start == null) {
          continue; // this station does not take this stream
        }
        List<EncodedFrame> toSend = List.of(frame);
        if (start.catchUp) {
          start.catchUp = false;
          if (cached == null) {
            cached = r.cachedGop();
          }
          if (!cached.isEmpty() && cached.get(cached.size() - 1) == frame) {
            toSend = cached; // the latest GOP, ending with this frame
            start.waitingForKeyframe = false;
          }
        }
        if (start.waitingForKeyframe && !frame.keyframe()) {
          continue; // a decoder cannot start mid-GOP
        }
        if (outbound.firstFrameNanos == 0) {
          outbound.firstFrameNanos = System.nanoTime();
          lastFirstFrameNanos.set(outbound.firstFrameNanos - outbound.joinedNanos);
        }
        start.waitingForKeyframe = false;
        send(session, toSend, r);
      }
    }
  }

  private void send(CameraSession session, List<EncodedFrame> frames, Rendition r) {
    try {
      for (EncodedFrame f : frames) {
        session.sender().send(f);
        framesSent.incrementAndGet();
        r.framesSent.incrementAndGet();
      }
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

  /** The main stream's source (shared by every station watching it). */
  public VideoSource source() {
    return main.source;
  }

  /** The sub stream's source, or null without a sub stream. */
  public VideoSource subSource() {
    return sub == null ? null : sub.source;
  }

  /** Whether a sub stream is offered. */
  public boolean hasSubStream() {
    return sub != null;
  }

  /**
   * What keeps the main stream from being served (it cannot be opened yet and is retried with
   * backoff, or it sends a codec the sessions cannot carry), empty when it flows.
   */
  public String sourceProblem() {
    return main.problem();
  }

  /** A snapshot of the main source's state, for status. */
  public SourceHealth sourceHealth() {
    return main.source.health();
  }

  /** The sub stream's source state, or null without a sub stream. */
  public SourceHealth subSourceHealth() {
    return sub == null ? null : sub.source.health();
  }

  /** The stations connected now, for status. */
  public List<CameraSession> sessions() {
    return List.copyOf(sessions.keySet());
  }

  /**
   * Time from the newest station's session start to its first frame being sent, in nanoseconds; -1
   * before any.
   */
  public long lastFirstFrameNanos() {
    return lastFirstFrameNanos.get();
  }

  /** Stops the sources, ends every session and closes the signaling port. */
  @Override
  public void close() {
    verifierScanner.close();
    main.close();
    if (sub != null) {
      sub.close();
    }
    server.close();
    sessions.clear();
  }
}
