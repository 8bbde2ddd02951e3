package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.adaptive.StreamChoice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real camera agent with a 640x360 main and a 320x180 sub rendition of the same scene, and a real
 * station feed over a real session: the tile's size picks the stream live, the switch never shows
 * an empty picture, and a camera without a sub stream stays on main. A feed that records: {@link
 * RecordingAdaptiveFeedTest}.
 */
@Timeout(180)
class AdaptiveFeedTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";
  static final long WAIT_MILLIS = 60_000;

  static EncodedClip main;
  static EncodedClip sub;

  @BeforeAll
  static void encode() {
    SyntheticClipSpec spec = SyntheticClipSpec.defaults("Adaptive");
    main = SyntheticClipEncoder.encode(spec);
    sub = SyntheticClipEncoder.encode(spec.withSize(320, 180).withBitrate(150_000));
  }

  /** The test thread is the triple buffer's only reader; it records every picture it is handed. */
  static final class Reader {
    final List<Integer> sourceHeights = new ArrayList<>();
    int empty;

    /** Takes pictures until {@code done} holds; every published slot must hold a picture. */
    void readUntil(CameraFeed feed, BooleanSupplier done) throws InterruptedException {
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      while (!done.getAsBoolean()) {
        assertThat(System.currentTimeMillis())
            .as("waiting on %s", feed.name())
            .isLessThan(deadline);
        FrameBuffer f = feed.frames().takeLatest();
        if (f != null) {
          if (f.hasFrame()) {
            sourceHeights.add(f.sourceHeight());
          } else {
            empty++;
          }
        }
        Thread.sleep(5);
      }
    }

    int last() {
      return sourceHeights.isEmpty() ? 0 : sourceHeights.get(sourceHeights.size() - 1);
    }

    /** Pictures of this height taken from index {@code from} on. */
    long count(int from, int height) {
      return sourceHeights.subList(from, sourceHeights.size()).stream()
          .filter(h -> h == height)
          .count();
    }
  }

  @Test
  void smallTileShowsTheSubStreamAndSwitchesWithoutAGap() throws Exception {
    try (CameraAgent agent = camera("Two", true);
        CameraFeed feed = feed(agent, 320, 180)) {
      Reader reader = new Reader();
      // Small tile: the feed starts on main (as every session does), then moves to sub.
      reader.readUntil(feed, () -> reader.count(0, 180) >= 15);
      assertThat(feed.activeStream()).isEqualTo(StreamChoice.SUB);
      // Not recording: once the sub stream shows, the camera sends nothing else.
      awaitSelected(agent, Set.of("sub"));

      // Maximized: main stream at its full height.
      int grownAt = reader.sourceHeights.size();
      feed.requestOutputSize(1280, 720);
      reader.readUntil(feed, () -> reader.count(grownAt, 360) >= 15);
      assertThat(feed.activeStream()).isEqualTo(StreamChoice.MAIN);
      awaitSelected(agent, Set.of("main"));
      assertSwitchedOnce(reader.sourceHeights.subList(grownAt, reader.sourceHeights.size()), 360);

      // Small again: back to sub.
      int shrunkAt = reader.sourceHeights.size();
      feed.requestOutputSize(320, 180);
      reader.readUntil(feed, () -> reader.count(shrunkAt, 180) >= 15);
      assertThat(feed.activeStream()).isEqualTo(StreamChoice.SUB);
      assertSwitchedOnce(reader.sourceHeights.subList(shrunkAt, reader.sourceHeights.size()), 180);

      assertThat(reader.empty).as("slots published without a picture").isZero();
      assertThat(feed.stats().snapshot().decodeErrors()).isZero();
      System.out.printf(
          "adaptive: %d pictures taken, heights in order of switching: %s%n",
          reader.sourceHeights.size(), runs(reader.sourceHeights));
    }
  }

  @Test
  void aCameraWithoutASubStreamStaysOnMain() throws Exception {
    try (CameraAgent agent = camera("One", false);
        CameraFeed feed = feed(agent, 320, 180)) {
      Reader reader = new Reader();
      reader.readUntil(feed, feed::streamsKnown);
      int knownAt = reader.sourceHeights.size();
      reader.readUntil(feed, () -> reader.sourceHeights.size() >= knownAt + 20);
      assertThat(reader.sourceHeights).containsOnly(360);
      assertThat(feed.subStreamOffered()).isFalse();
      assertThat(feed.activeStream()).isEqualTo(StreamChoice.MAIN);
      assertThat(selected(agent)).containsExactly("main");
      assertThat(reader.empty).isZero();
    }
  }

  static boolean in(EncodedClip clip, AccessUnit u) {
    return clip.units().stream().anyMatch(c -> Arrays.equals(c.data(), u.data()));
  }

  /** Once the new stream's pictures start, the old stream's never come back. */
  static void assertSwitchedOnce(List<Integer> heights, int to) {
    int first = heights.indexOf(to);
    assertThat(first).isNotNegative();
    assertThat(heights.subList(first, heights.size())).containsOnly(to);
  }

  static List<String> runs(List<Integer> heights) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < heights.size()) {
      int j = i;
      while (j < heights.size() && heights.get(j).equals(heights.get(i))) {
        j++;
      }
      out.add(heights.get(i) + "p x" + (j - i));
      i = j;
    }
    return out;
  }

  /** Waits until the camera sends exactly these streams (the set is sent after the switch). */
  static void awaitSelected(CameraAgent agent, Set<String> streams) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!selected(agent).equals(streams)) {
      assertThat(System.currentTimeMillis()).as("camera sends %s", streams).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** The streams the camera sends its one station. */
  static Set<String> selected(CameraAgent agent) {
    List<CameraSession> sessions = agent.sessions();
    assertThat(sessions).hasSize(1);
    return sessions.get(0).selectedStreams();
  }

  static CameraAgent camera(String name, boolean withSub) throws Exception {
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of(name));
    CameraAgent agent =
        new CameraAgent(
            SignalingServer.Config.loopback(name, c),
            new ClipReplaySource(name + " main", main),
            withSub ? new ClipReplaySource(name + " sub", sub) : null);
    agent.start();
    return agent;
  }

  static CameraFeed feed(CameraAgent agent, int width, int height) throws Exception {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
    SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
    client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
    CameraFeed feed =
        new CameraFeed(
            agent.cameraId(), agent.name(), address, client, Clock.systemUTC(), width, height);
    feed.start();
    return feed;
  }
}
