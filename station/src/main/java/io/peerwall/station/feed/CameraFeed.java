package io.peerwall.station.feed;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.adaptive.StreamChoice;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One camera at the station: keeps a session to it ({@link SessionSupervisor}: reconnecting with
 * backoff, stopping on a refusal), decodes its frames scaled to the size the tile asked for, and
 * offers the newest frame through a {@link TripleBuffer}.
 *
 * <p>Adaptive streams: the tile shows the camera's sub stream while it is small and the main stream
 * when it is large ({@link FeedDecoder}); the session's {@link SessionStreams} asks the camera for
 * the set of streams the feed needs, and each frame's RTP payload type says which stream it is
 * (decisions 0035, 0037). Only main stream frames are recorded: a recording feed takes the main
 * stream always and, while its tile is small, the sub stream too (it records main, shows sub).
 *
 * <p>Threads: the supervisor's thread {@code station-session-<name>} connects and waits; decoding
 * runs in the session's frame callback on p2p's {@code p2p-frames-<id>} thread, which is already
 * behind a bounded, drop-oldest queue, so no second queue is needed here; requests to the camera
 * that wait for its answer run on {@code station-streams-<name>}.
 */
public final class CameraFeed implements Feed, AutoCloseable {
  private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 500_000_000L;

  private final String cameraId;
  private final String name;
  private final FeedStats stats = new FeedStats();
  private final TripleBuffer<FrameBuffer> frames;
  // Decodes for the tile: hidden tiles, output size and the sub stream (adaptive/).
  private final FeedDecoder decoding;
  private final SessionStreams streams;
  private final MediaConfig media;
  private final SessionSupervisor supervisor;
  private final Clock clock;
  private volatile boolean closed;
  private volatile Supplier<String> route = () -> "-";
  private volatile long startedNanos;
  private volatile long firstFrameNanos;

  // Where access units are also recorded (recorder/), or null; called on the frame thread.
  private volatile Consumer<AccessUnit> recorder;
  private volatile Supplier<RecordingState> recordingState = () -> RecordingState.OFF;

  // Owned by the session's frame thread (one session at a time). One timeline per stream: each
  // follows its own RTP clock, and the frames of both interleave on one session.
  private final RtpTimeline[] timelines = new RtpTimeline[StreamChoice.values().length];
  private final long[] lastKeyframeRequestNanos = new long[StreamChoice.values().length];

  /**
   * A feed of the paired camera {@code cameraId} at {@code address}. It connects to that camera
   * only: another identity answering there (the camera was reset, or an impostor) is {@link
   * FeedState#KEY_CHANGED}, never accepted or re-pinned.
   */
  public CameraFeed(
      String cameraId,
      String name,
      InetSocketAddress address,
      SignalingClient client,
      Clock clock,
      int initialWidth,
      int initialHeight) {
    this(
        cameraId,
        name,
        frames -> client.connect(address, cameraId, frames),
        client.config().media(),
        clock,
        initialWidth,
        initialHeight);
  }

  /**
   * A feed whose sessions come from {@code connector} (a direct address, the rendezvous, or any
   * paired camera at an address: {@link StationFeeds}).
   *
   * @param media the RTP settings the sessions use (which payload type is which stream)
   */
  public CameraFeed(
      String cameraId,
      String name,
      SessionSupervisor.Connector connector,
      MediaConfig media,
      Clock clock,
      int initialWidth,
      int initialHeight) {
    this.cameraId = cameraId;
    this.name = name;
    this.clock = clock;
    this.frames = new TripleBuffer<>(() -> new FrameBuffer(initialWidth, initialHeight));
    this.media = media;
    this.streams = new SessionStreams(name, this::requestKeyframe);
    this.decoding = new FeedDecoder(frames, stats, clock, streams, initialWidth, initialHeight);
    this.supervisor =
        new SessionSupervisor(name, connector, this::onFrame, clock)
            .addListener(
                new SessionSupervisor.Listener() {
                  @Override
                  public void sessionStarted(StationSession session) {
                    streams.attach(session);
                  }

                  @Override
                  public void sessionEnded() {
                    streams.detach();
                    closeDecoder();
                  }
                });
  }

  /**
   * Also tells {@code listener} of this feed's sessions and states, on the supervisor's thread
   * (quickly); call before {@link #start()}.
   */
  public CameraFeed addListener(SessionSupervisor.Listener listener) {
    supervisor.addListener(listener);
    return this;
  }

  public void start() {
    startedNanos = System.nanoTime();
    supervisor.start();
  }

  /**
   * How the feed reaches its camera ("LAN", "address", "rendezvous"), told by whoever made its
   * connector; "-" when unknown.
   */
  public void routeFrom(Supplier<String> route) {
    this.route = route;
  }

  /** How the live (or last) session reached the camera, or "-". */
  public String route() {
    String r = route.get();
    return r == null ? "-" : r;
  }

  /** Milliseconds from start to the first live session, or -1 if none yet. */
  public long millisToFirstLive() {
    return supervisor.everLive() ? (supervisor.firstLiveNanos() - startedNanos) / 1_000_000L : -1;
  }

  /** Milliseconds from start to the first frame received, or -1 if none yet. */
  public long millisToFirstFrame() {
    long f = firstFrameNanos;
    return f == 0 ? -1 : (f - startedNanos) / 1_000_000L;
  }

  @Override
  public String cameraId() {
    return cameraId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public FeedState state() {
    return supervisor.state();
  }

  @Override
  public String path() {
    return supervisor.path();
  }

  @Override
  public FeedStats stats() {
    return stats;
  }

  @Override
  public TripleBuffer<FrameBuffer> frames() {
    return frames;
  }

  /** Whether the feed was live at least once. */
  public boolean everLive() {
    return supervisor.everLive();
  }

  /** Seconds since the feed first went live (0 if it never did). */
  public double secondsSinceFirstLive() {
    return supervisor.secondsSinceFirstLive();
  }

  /**
   * Frames decoded per second of live video: after each stream's join burst (the camera's cached
   * GOP), see {@link FeedStats}; null before the feed reached the live edge.
   */
  public Double liveFps() {
    Instant now = clock.instant();
    return stats.liveFps(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000);
  }

  /** How many times the session was lost and re-established or retried. */
  @Override
  public int reconnects() {
    return supervisor.reconnects();
  }

  /** Why the last connection attempt or session ended (empty if none did). */
  public String lastFailure() {
    return supervisor.lastFailure();
  }

  @Override
  public FeedProblem problem() {
    return supervisor.problem();
  }

  /** The live session's candidate types (host, srflx, prflx, relay), or "-". */
  public String pathType() {
    return supervisor.pathType();
  }

  /** Tries again now if waiting between attempts (the station's network changed). */
  public void retryNow() {
    supervisor.retryNow();
  }

  /** Attempts or sessions that failed for an unexpected reason (a bug or fault), each retried. */
  public int unexpectedFailures() {
    return supervisor.unexpectedFailures();
  }

  @Override
  public void requestOutputSize(int width, int height) {
    decoding.requestOutputSize(width, height);
  }

  @Override
  public void setVisible(boolean visible) {
    decoding.setVisible(visible);
  }

  @Override
  public long downSinceEpochMillis() {
    return supervisor.downSinceEpochMillis();
  }

  @Override
  public StreamChoice activeStream() {
    return decoding.activeStream();
  }

  /** Whether the camera offers a sub stream this feed may show now. */
  public boolean subStreamOffered() {
    return streams.offers(StreamChoice.SUB);
  }

  /** The streams the camera accepted to carry on the current session. */
  public Set<StreamChoice> carriedStreams() {
    return streams.carried();
  }

  /** Whether the current session's camera has said which streams it offers. */
  boolean streamsKnown() {
    return streams.known();
  }

  /**
   * Also hands every access unit to {@code sink} (the recorder's {@code RecorderInput::accept},
   * which only queues), on the frame thread, before decoding. Null stops it.
   */
  public void recordTo(Consumer<AccessUnit> sink) {
    this.recorder = sink;
    streams.record(sink != null);
  }

  /**
   * As {@link #recordTo(Consumer)}, with what the recorder says of this camera (cheap, any thread).
   */
  public void recordTo(Consumer<AccessUnit> sink, Supplier<RecordingState> state) {
    this.recordingState = sink == null ? () -> RecordingState.OFF : state;
    recordTo(sink);
  }

  @Override
  public RecordingState recordingState() {
    return recordingState.get();
  }

  /** The session's frame callback (p2p-frames thread): decode into the tile's write slot. */
  private void onFrame(EncodedFrame frame) {
    if (firstFrameNanos == 0) {
      firstFrameNanos = System.nanoTime();
    }
    StreamChoice stream =
        MediaConfig.SUB_STREAM.equals(media.streamOf(frame.payloadType()))
            ? StreamChoice.SUB
            : StreamChoice.MAIN;
    // Decoded are the stream on screen and, during a switch, the one taking over: count those.
    stats.frameReceived(
        frame.annexB().length,
        stream == decoding.activeStream() || stream == decoding.pendingStream());
    // The monitor is contended only by close(): it keeps the decoder from being freed mid-call.
    synchronized (this) {
      if (closed) {
        return;
      }
      RtpTimeline timeline = timelines[stream.ordinal()];
      if (timeline == null) {
        timeline = new RtpTimeline();
        timelines[stream.ordinal()] = timeline;
      }
      AccessUnit unit =
          new AccessUnit(
              VideoCodec.H264,
              frame.annexB(),
              timeline.toMicros(frame.rtpTimestamp()),
              frame.captureEpochMicros(),
              frame.keyframe());
      Consumer<AccessUnit> sink = recorder;
      if (sink != null && stream == StreamChoice.MAIN) {
        sink.accept(unit); // recordings are of the main stream only, never a mix of sizes
      }
      decoding.onUnit(stream, unit);
    }
  }

  /** A keyframe on this stream only: the other one (a recording's main) keeps its GOPs. */
  private void requestKeyframe(StreamChoice stream) {
    long now = System.nanoTime();
    if (now - lastKeyframeRequestNanos[stream.ordinal()] < KEYFRAME_REQUEST_INTERVAL_NANOS) {
      return;
    }
    lastKeyframeRequestNanos[stream.ordinal()] = now;
    StationSession s = supervisor.session();
    if (s != null) {
      s.requestKeyframe(
          stream == StreamChoice.SUB ? MediaConfig.SUB_STREAM : MediaConfig.MAIN_STREAM);
      stats.keyframeRequested();
    }
  }

  private synchronized void closeDecoder() {
    Arrays.fill(timelines, null);
    decoding.reset();
  }

  /** Ends the session and the supervisor; waits briefly for both. */
  @Override
  public void close() {
    closed = true;
    supervisor.close();
    streams.close();
    decoding.close();
  }
}
