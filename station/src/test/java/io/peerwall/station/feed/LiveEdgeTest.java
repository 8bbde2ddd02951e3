package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The join burst (a camera's cached GOP, sent at once) is told from live video by pace alone: the
 * live rate and latency are the camera's, whatever the burst and whatever the clocks' offset.
 */
class LiveEdgeTest {
  private static final long FRAME = 66_667; // 15 fps, in microseconds

  @Test
  void aCachedGopArrivingAtOnceIsNotLiveVideo() {
    FeedStats stats = new FeedStats();
    long t0 = 1_700_000_000_000_000L;
    long now = t0;
    // 15 frames captured over the last second arrive 2 ms apart (the cached GOP)...
    for (int i = 0; i < 15; i++) {
      stats.frameDecoded("main", t0 - (15 - i) * FRAME, now);
      now += 2_000;
    }
    assertThat(stats.liveFps(now)).as("no live video yet").isNull();
    // ...then live frames at 15 fps, 40 ms after capture.
    long capture = t0;
    for (int i = 0; i < 60; i++) {
      now = capture + 40_000;
      stats.frameDecoded("main", capture, now);
      capture += FRAME;
    }
    assertThat(stats.liveFps(now)).isCloseTo(15.0, within(0.3));
    FeedStats.Snapshot s = stats.snapshot();
    assertThat(s.framesDecoded()).isEqualTo(75);
    assertThat(s.decodeLatencyP95Ms()).as("the cache's age left out").isCloseTo(40.0, within(1.0));
  }

  @Test
  void aCameraClockOffByMinutesChangesNothing() {
    FeedStats stats = new FeedStats();
    long skew = -180_000_000L; // the camera's clock three minutes behind
    long now = 1_700_000_000_000_000L;
    for (int i = 0; i < 10; i++) {
      stats.frameDecoded("main", now - (10 - i) * FRAME + skew, now);
      now += 1_000;
    }
    long capture = now;
    for (int i = 0; i < 31; i++) {
      now = capture + 30_000;
      stats.frameDecoded("main", capture + skew, now);
      capture += FRAME;
    }
    assertThat(stats.liveFps(now)).isCloseTo(15.0, within(0.3));
  }

  @Test
  void aStreamSwitchStartsANewBurstAndTheRateSpansTheLiveStretches() {
    FeedStats stats = new FeedStats();
    long capture = 1_000_000_000L;
    long now = capture;
    for (int i = 0; i < 31; i++) { // 2 s of live main stream
      now = capture + 20_000;
      stats.frameDecoded("main", capture, now);
      capture += FRAME;
    }
    for (int i = 0; i < 15; i++) { // the sub stream's cached GOP, at once
      stats.frameDecoded("sub", capture - (15 - i) * FRAME, now);
      now += 1_000;
    }
    for (int i = 0; i < 31; i++) { // 2 s of live sub stream
      now = capture + 20_000;
      stats.frameDecoded("sub", capture, now);
      capture += FRAME;
    }
    assertThat(stats.liveFps(now)).isCloseTo(15.0, within(0.5));
    stats.streamStopped();
    assertThat(stats.liveFps(now + 10_000_000))
        .as("stopped: the stretches stay")
        .isCloseTo(15.0, within(0.5));
  }
}
