package io.peerwall.desktop.wall;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.FeedStats;
import io.peerwall.station.feed.RecordingState;
import io.peerwall.station.feed.TripleBuffer;

/** A feed whose state, counters and picture a test sets by hand. */
final class ScriptedFeed implements Feed {
  final String id;
  final String name;
  final FeedStats stats = new FeedStats();
  volatile FeedState state = FeedState.CONNECTING;
  volatile String path = "LAN";
  volatile int reconnects;
  volatile FeedProblem problem = FeedProblem.NONE;
  volatile long downSince;
  volatile boolean recording;
  volatile RecordingState recordingState; // when set, instead of the flag
  volatile boolean visible = true;
  volatile int requestedWidth;
  volatile int requestedHeight;
  private TripleBuffer<FrameBuffer> frames;

  ScriptedFeed(String id, String name) {
    this.id = id;
    this.name = name;
  }

  /** Publishes a frame of one colour (0xRRGGBB) at 64x36, as a decoder would. */
  void showColour(int rgb) {
    TripleBuffer<FrameBuffer> f = frames();
    FrameBuffer slot = f.writeSlot();
    for (int i = 0; i < slot.width() * slot.height(); i++) {
      slot.pixels().putInt(i * 4, 0xff000000 | rgb);
    }
    f.publish();
  }

  @Override
  public String cameraId() {
    return id;
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
  public FeedProblem problem() {
    return problem;
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
  public synchronized TripleBuffer<FrameBuffer> frames() {
    if (frames == null) {
      frames = new TripleBuffer<>(() -> new FrameBuffer(64, 36));
    }
    return frames;
  }

  @Override
  public void requestOutputSize(int width, int height) {
    requestedWidth = width;
    requestedHeight = height;
  }

  @Override
  public void setVisible(boolean isVisible) {
    this.visible = isVisible;
  }

  @Override
  public int reconnects() {
    return reconnects;
  }

  @Override
  public long downSinceEpochMillis() {
    return downSince;
  }

  @Override
  public RecordingState recordingState() {
    RecordingState set = recordingState;
    return set != null ? set : recording ? RecordingState.WRITING : RecordingState.OFF;
  }

  @Override
  public StreamChoice activeStream() {
    return StreamChoice.MAIN;
  }
}
