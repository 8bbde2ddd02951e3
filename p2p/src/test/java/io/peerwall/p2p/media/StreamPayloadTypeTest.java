package io.peerwall.p2p.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.testutil.MemoryTransport;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.ThreadLeaks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The payload type names the stream a frame belongs to, end to end (decision 0035). */
class StreamPayloadTypeTest {

  @Test
  void configMapsStreamsToPayloadTypesAndBack() {
    MediaConfig c = MediaConfig.defaults();
    assertThat(c.payloadTypeFor("main")).isEqualTo(96);
    assertThat(c.payloadTypeFor("sub")).isEqualTo(97);
    assertThat(c.streamOf(96)).isEqualTo("main");
    assertThat(c.streamOf(97)).isEqualTo("sub");
    assertThat(c.streamOf(98)).isNull();
    assertThat(c.accepts(97)).isTrue();
    assertThat(c.accepts(35)).isFalse();
  }

  @Test
  void mainAndSubMustHaveDistinctDynamicPayloadTypes() {
    MediaConfig d = MediaConfig.defaults();
    assertThatThrownBy(
            () ->
                new MediaConfig(
                    d.mtu(),
                    96,
                    96,
                    d.captureTimeExtensionId(),
                    d.limits(),
                    d.frameQueueCapacity(),
                    d.rtcpInterval(),
                    d.keyframeRequestInterval(),
                    d.waitForKeyframe()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differ");
  }

  @Test
  void framesOfBothStreamsArriveTaggedAndAForeignPayloadTypeIsRefused() throws Exception {
    MemoryTransport[] pipe = MemoryTransport.pair();
    LinkedBlockingQueue<EncodedFrame> received = new LinkedBlockingQueue<>();
    MediaConfig d = MediaConfig.defaults();
    // The frames are sent in one burst: the queue to the consumer must hold them all.
    MediaConfig config =
        new MediaConfig(
            d.mtu(),
            d.payloadType(),
            d.subPayloadType(),
            d.captureTimeExtensionId(),
            d.limits(),
            256,
            d.rtcpInterval(),
            d.keyframeRequestInterval(),
            false);
    MediaSender sender = new MediaSender("pt-tx", pipe[0], config);
    MediaReceiver receiver = new MediaReceiver("pt-rx", pipe[1], config, received::add);
    receiver.start();
    try {
      Random r = new Random(5);
      List<Integer> sent = new ArrayList<>();
      for (int i = 0; i < 90; i++) {
        EncodedFrame f = SyntheticFrames.frame(r, i, -1);
        // Main (left open), sub from the second keyframe, main again (set explicitly) from the
        // third: as the camera does when the station selects a stream.
        int pt = i < 30 ? EncodedFrame.DEFAULT_PAYLOAD_TYPE : i < 60 ? 97 : 96;
        sender.send(f.withPayloadType(pt));
        sent.add(pt < 0 ? 96 : pt);
      }
      List<Integer> got = new ArrayList<>();
      while (got.size() < sent.size()) {
        EncodedFrame f = received.poll(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(f).as("frame %d", got.size()).isNotNull();
        got.add(f.payloadType());
      }
      assertThat(got).isEqualTo(sent);
      assertThatThrownBy(() -> sender.send(SyntheticFrames.frame(r, 90, -1).withPayloadType(98)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("98");
    } finally {
      receiver.close();
      sender.close();
    }
    ThreadLeaks.assertNone();
  }
}
