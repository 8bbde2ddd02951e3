package io.peerwall.station.feed;

/**
 * Tells a stream's join burst (the camera's cached GOP, sent at once) from live video, and counts
 * the live frames and the time they span (see {@link FeedStats}). Written by the decoding thread,
 * read by reporters; a monitor keeps the few fields consistent (no I/O, nothing else under it).
 */
final class LiveEdge {
  private Object stream;
  private long previousCaptureMicros;
  private long previousDecodedMicros;
  private boolean live;
  // The live stretch going on: from its first live frame, and the live frames after that one.
  private long stretchStartMicros;
  private long stretchLastMicros;
  private long stretchFrames;
  // Stretches that ended (a stream switch, a session ended).
  private long endedMicros;
  private long endedFrames;

  /**
   * One decoded frame.
   *
   * @return whether it is live video (not part of a join burst)
   */
  synchronized boolean decoded(Object ofStream, long captureMicros, long nowMicros) {
    if (ofStream != stream) {
      stop();
      stream = ofStream;
    }
    if (captureMicros <= 0) {
      return false; // no capture time: neither latency nor pace can be told
    }
    if (!live) {
      long captured = captureMicros - previousCaptureMicros;
      if (previousCaptureMicros > 0
          && captured > 0
          && nowMicros - previousDecodedMicros >= captured / 2) {
        live = true;
        stretchStartMicros = nowMicros;
        stretchLastMicros = nowMicros;
        stretchFrames = 0;
      }
    } else {
      stretchFrames++;
      stretchLastMicros = nowMicros;
    }
    previousCaptureMicros = captureMicros;
    previousDecodedMicros = nowMicros;
    return live;
  }

  /** The stream stopped: its live stretch ends, the next frames start with a burst. */
  synchronized void stop() {
    if (live) {
      endedMicros += stretchLastMicros - stretchStartMicros;
      endedFrames += stretchFrames;
    }
    live = false;
    stream = null;
    previousCaptureMicros = 0;
  }

  /** Live frames per second over the live stretches up to {@code nowMicros}; null if none yet. */
  synchronized Double fps(long nowMicros) {
    long micros = endedMicros + (live ? Math.max(0, nowMicros - stretchStartMicros) : 0);
    long frames = endedFrames + (live ? stretchFrames : 0);
    return micros <= 0 ? null : frames * 1e6 / micros;
  }
}
