package io.peerwall.decoder.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.SourceState;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPatternSourceTest {

  @Test
  void encodesLiveAtTheRequestedRateAndAnswersKeyframeRequests() throws Exception {
    CollectingSink sink = new CollectingSink();
    try (TestPatternSource source =
        new TestPatternSource("Live", 320, 180, 30, 400_000, 60, MediaClock.system())) {
      source.start(sink);
      assertThat(sink.awaitCount(10, 5)).isTrue();
      source.requestKeyframe();
      int asked = sink.size();
      assertThat(sink.awaitCount(asked + 3, 5)).isTrue();
      List<AccessUnit> afterRequest = sink.units().subList(asked, asked + 3);
      assertThat(afterRequest).anyMatch(AccessUnit::keyframe);
      assertThat(sink.awaitCount(30, 5)).isTrue();
      assertThat(source.health().state()).isEqualTo(SourceState.RUNNING);
      assertThat(source.health().codec()).isEqualTo(VideoCodec.H264);
    }
    List<AccessUnit> units = sink.units();
    assertThat(sink.threadName()).isEqualTo("testpattern-source-Live");
    assertThat(units.get(0).keyframe()).isTrue();
    // GOP 60 at 30 fps: the only keyframes in the first second are the first and the requested.
    assertThat(units.subList(0, 30).stream().filter(AccessUnit::keyframe).count()).isEqualTo(2);
    for (int i = 1; i < units.size(); i++) {
      assertThat(units.get(i).ptsMicros() - units.get(i - 1).ptsMicros())
          .isBetween(33_333L, 33_334L);
    }
    long wallSpan = units.get(29).captureEpochMicros() - units.get(0).captureEpochMicros();
    assertThat(wallSpan).isBetween(900_000L, 1_100_000L);
    FrameBuffer tile = new FrameBuffer(160, 90);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (AccessUnit unit : units) {
        assertThat(decoder.decode(unit, tile)).isEqualTo(DecodeStatus.FRAME);
      }
    }
  }
}
