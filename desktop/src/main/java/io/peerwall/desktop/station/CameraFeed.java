package io.peerwall.desktop.station;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.StationSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera at the station: keeps a session to it (reconnecting with backoff until closed),
 * decodes its frames scaled to the size the tile asked for, and offers the newest frame through a
 * {@link TripleBuffer}.
 *
 * <p>Threads: a supervisor thread {@code station-feed-<name>} connects and waits; decoding runs in
 * the session's frame callback on p2p's {@code p2p-frames-<id>} thread, which is already behind a
 * bounded, drop-oldest queue, so no second queue is needed here.
 */
public final class CameraFeed implements Feed, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CameraFeed.class);
  private static final long KEYFRAME_REQUEST_INTERVAL_NANOS = 500_000_000L;
  private static final int MIN_SIZE = 16;
  private static final int MAX_WIDTH = 3840;
  private static final int MAX_HEIGHT = 2160;

  private final String cameraId;
  private final String name;
  private final InetSocketAddress address;
  private final SignalingClient client;
  private final Clock clock;
  private final FeedStats stats = new FeedStats();
  private final TripleBuffer<FrameBuffer> frames;
  private final AtomicInteger requestedSize;
  private final Thread supervisor;
  private final Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(4));

  private volatile FeedState state = FeedState.CONNECTING;
  private volatile String path = "-";
  private volatile boolean everLive;
  private volatile long firstLiveNanos;
  private volatile boolean closed;
  private volatile StationSession session;
  private volatile int reconnects;
  private volatile String lastFailure = "";

  // Decode state: owned by the session's frame thread (one session at a time).
  private StreamDecoder decoder;
  private RtpTimeline timeline;
  private long lastKeyframeRequestNanos;

  public CameraFeed(
      String cameraId,
      String name,
      InetSocketAddress address,
      SignalingClient client,
      Clock clock,
      int initialWidth,
      int initialHeight) {
    this.cameraId = cameraId;
    this.name = name;
    this.address = address;
    this.client = client;
    this.clock = clock;
    this.requestedSize = new AtomicInteger(pack(initialWidth, initialHeight));
    this.frames = new TripleBuffer<>(() -> new FrameBuffer(initialWidth, initialHeight));
    this.supervisor = new Thread(this::superviseSession, "station-feed-" + name);
    this.supervisor.setDaemon(true);
  }

  public void start() {
    supervisor.start();
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
    return state;
  }

  @Override
  public String path() {
    return path;
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
    return everLive;
  }

  /** Seconds since the feed first went live (0 if it never did). */
  public double secondsSinceFirstLive() {
    return everLive ? (System.nanoTime() - firstLiveNanos) / 1e9 : 0;
  }

  /** How many times the session was lost and re-established or retried. */
  public int reconnects() {
    return reconnects;
  }

  /** Why the last connection attempt or session ended (empty if none did). */
  public String lastFailure() {
    return lastFailure;
  }

  @Override
  public void requestOutputSize(int width, int height) {
    int w = Math.max(MIN_SIZE, Math.min(MAX_WIDTH, width)) & ~1;
    int h = Math.max(MIN_SIZE, Math.min(MAX_HEIGHT, height)) & ~1;
    requestedSize.set(pack(w, h));
  }

  private static int pack(int width, int height) {
    return (width << 16) | height;
  }

  private void superviseSession() {
    while (!closed) {
      CountDownLatch ended = new CountDownLatch(1);
      try {
        StationSession s = client.connect(address, this::onFrame);
        s.onEnded(reason -> ended.countDown());
        session = s;
        if (closed) {
          s.close();
          break;
        }
        path = s.selectedPath().type().sdpName();
        state = FeedState.LIVE;
        if (!everLive) {
          firstLiveNanos = System.nanoTime();
          everLive = true;
        }
        backoff.reset();
        log.info("{}: live over {} ({} ms to connect)", name, path, s.iceSession().connectMillis());
        ended.await();
        lastFailure = s.endReason();
        log.info("{}: session ended: {}", name, lastFailure);
        s.close();
      } catch (IOException e) {
        lastFailure = e.getMessage();
        log.debug("{}: connection attempt failed: {}", name, e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        session = null;
        path = "-";
        closeDecoder();
      }
      if (closed) {
        break;
      }
      reconnects++;
      state = everLive ? FeedState.RECONNECTING : FeedState.UNREACHABLE;
      try {
        Thread.sleep(backoff.nextDelay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    state = FeedState.CLOSED;
  }

  /** The session's frame callback (p2p-frames thread): decode into the write slot. */
  private void onFrame(EncodedFrame frame) {
    stats.frameReceived(frame.annexB().length);
    // The monitor is contended only by close(): it keeps the decoder from being freed mid-call.
    synchronized (this) {
      if (closed) {
        return;
      }
      if (decoder == null) {
        decoder = new StreamDecoder(VideoCodec.H264);
        timeline = new RtpTimeline();
      }
      decode(frame);
    }
  }

  private void decode(EncodedFrame frame) {
    AccessUnit unit =
        new AccessUnit(
            VideoCodec.H264,
            frame.annexB(),
            timeline.toMicros(frame.rtpTimestamp()),
            frame.captureEpochMicros(),
            frame.keyframe());
    FrameBuffer out = writeSlotSized();
    DecodeStatus status = decoder.decode(unit, out);
    switch (status) {
      case FRAME -> {
        stats.frameDecoded(frame.captureEpochMicros(), nowEpochMicros());
        frames.publish();
      }
      case ERROR_NEEDS_KEYFRAME, WAITING_FOR_KEYFRAME -> {
        if (status == DecodeStatus.ERROR_NEEDS_KEYFRAME) {
          stats.decodeError();
        }
        requestKeyframe();
      }
      default -> {
        // NO_FRAME / SKIPPED: nothing to show for this unit.
      }
    }
  }

  private FrameBuffer writeSlotSized() {
    int size = requestedSize.get();
    int width = size >>> 16;
    int height = size & 0xFFFF;
    FrameBuffer slot = frames.writeSlot();
    if (slot.width() != width || slot.height() != height) {
      slot = new FrameBuffer(width, height);
      frames.replaceWriteSlot(slot);
    }
    return slot;
  }

  private void requestKeyframe() {
    long now = System.nanoTime();
    if (now - lastKeyframeRequestNanos < KEYFRAME_REQUEST_INTERVAL_NANOS) {
      return;
    }
    lastKeyframeRequestNanos = now;
    StationSession s = session;
    if (s != null) {
      s.requestKeyframe();
      stats.keyframeRequested();
    }
  }

  private long nowEpochMicros() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  private synchronized void closeDecoder() {
    if (decoder != null) {
      decoder.close();
      decoder = null;
    }
  }

  /** Ends the session and the supervisor; waits briefly for both. */
  @Override
  public void close() {
    closed = true;
    StationSession s = session;
    if (s != null) {
      s.close();
    }
    supervisor.interrupt();
    try {
      supervisor.join(TimeUnit.SECONDS.toMillis(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeDecoder();
  }
}
