package io.peerwall.station.feed;

import static io.peerwall.station.feed.AdaptiveFeedTest.awaitSelected;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.recorder.RecorderConfig;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import io.peerwall.recorder.SegmentReader;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.recordings.RecordingSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording feed with a small tile, as the station and the demo run every camera (decision 0037):
 * a real camera agent (640x360 main, 320x180 sub), a real session and the real recorder (segment
 * files and SQLite index in a temporary data directory). The tile shows the sub stream while the
 * recording holds only main-stream frames whose chain a switch never breaks.
 */
@Timeout(240)
class RecordingAdaptiveFeedTest {
  @TempDir Path data;

  @BeforeAll
  static void encode() {
    AdaptiveFeedTest.encode();
  }

  @Test
  void aRecordingFeedShowsTheSubStreamAndRecordsAnUnbrokenMainStream() throws Exception {
    EncodedClip main = AdaptiveFeedTest.main;
    String cameraId;
    try (RecordingSession recording =
        RecordingSession.open(data, RecorderConfig.defaults(), quiet())) {
      try (CameraAgent agent = AdaptiveFeedTest.camera("Rec", true);
          CameraFeed feed = AdaptiveFeedTest.feed(agent, 320, 180)) {
        cameraId = agent.cameraId();
        recording.record(List.of(feed));
        AdaptiveFeedTest.Reader reader = new AdaptiveFeedTest.Reader();

        // Small tile: the sub stream on screen, main and sub on the session.
        reader.readUntil(feed, () -> reader.count(0, 180) >= 15);
        assertThat(feed.activeStream()).isEqualTo(StreamChoice.SUB);
        awaitSelected(agent, Set.of("main", "sub"));

        // Maximized: main on screen; the camera drops the sub stream.
        int grownAt = reader.sourceHeights.size();
        feed.requestOutputSize(1280, 720);
        reader.readUntil(feed, () -> reader.count(grownAt, 360) >= 15);
        assertThat(feed.activeStream()).isEqualTo(StreamChoice.MAIN);
        awaitSelected(agent, Set.of("main"));
        AdaptiveFeedTest.assertSwitchedOnce(
            reader.sourceHeights.subList(grownAt, reader.sourceHeights.size()), 360);

        // Small again: sub on screen, both on the session.
        int shrunkAt = reader.sourceHeights.size();
        feed.requestOutputSize(320, 180);
        reader.readUntil(feed, () -> reader.count(shrunkAt, 180) >= 15);
        assertThat(feed.activeStream()).isEqualTo(StreamChoice.SUB);
        awaitSelected(agent, Set.of("main", "sub"));
        assertThat(feed.carriedStreams()).containsExactlyInAnyOrder(StreamChoice.values());
        AdaptiveFeedTest.assertSwitchedOnce(
            reader.sourceHeights.subList(shrunkAt, reader.sourceHeights.size()), 180);

        assertThat(reader.empty).as("slots published without a picture").isZero();
        assertThat(feed.stats().snapshot().decodeErrors()).isZero();
        System.out.printf(
            "recording feed: heights on screen in order: %s%n",
            AdaptiveFeedTest.runs(reader.sourceHeights));
      }
      assertThat(recording.recorder().flush(Duration.ofSeconds(30))).isTrue();
    }

    List<AccessUnit> recorded = new ArrayList<>();
    try (Recordings index = Recordings.open(data)) {
      List<SegmentInfo> segments = index.segments(cameraId, 0, Long.MAX_VALUE);
      assertThat(segments).isNotEmpty();
      for (SegmentInfo s : segments) {
        assertThat(s.width()).as("segment %d width", s.id()).isEqualTo(640);
        assertThat(s.height()).as("segment %d height", s.id()).isEqualTo(360);
        SegmentReader.read(s, (unit, offset, length) -> recorded.add(unit));
      }
    }
    // Every recorded frame is a main-stream frame, and each one either follows the previous in the
    // clip or is a keyframe (where the replayed source jumped ahead on a keyframe request): the
    // recording decodes from its first frame to its last, across every switch of the tile.
    assertThat(recorded).hasSizeGreaterThan(45);
    assertThat(recorded.get(0).keyframe()).isTrue();
    // P-frames of a still scene can be byte-identical, so each frame is compared with the expected
    // next one, and only a keyframe is looked up.
    int n = main.units().size();
    int position = indexIn(main, recorded.get(0));
    assertThat(position).as("the first recorded frame is a main-stream keyframe").isNotNegative();
    for (int i = 1; i < recorded.size(); i++) {
      AccessUnit unit = recorded.get(i);
      int next = (position + 1) % n;
      if (Arrays.equals(unit.data(), main.units().get(next).data())) {
        position = next;
      } else {
        assertThat(unit.keyframe()).as("frame %d follows the previous one", i).isTrue();
        position = indexIn(main, unit);
        assertThat(position).as("recorded frame %d is a main-stream keyframe", i).isNotNegative();
      }
    }
  }

  private static int indexIn(EncodedClip clip, AccessUnit u) {
    for (int i = 0; i < clip.units().size(); i++) {
      if (Arrays.equals(clip.units().get(i).data(), u.data())) {
        return i;
      }
    }
    return -1;
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
