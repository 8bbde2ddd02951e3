package io.peerwall.p2p.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.testutil.MemoryTransport;
import io.peerwall.p2p.testutil.SyntheticFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The receiver's hand-off to its consumer: the keyframe gate is per stream (a session may carry
 * main and sub at once), and a consumer that falls behind loses the oldest frames, not the newest.
 */
class ReceiverHandOffTest {
  private static final int MAIN = 96;
  private static final int SUB = 97;

  private static MediaConfig config(int queueCapacity) {
    MediaConfig d = MediaConfig.defaults();
    return new MediaConfig(
        d.mtu(),
        MAIN,
        SUB,
        d.captureTimeExtensionId(),
        d.limits(),
        queueCapacity,
        d.rtcpInterval(),
        d.keyframeRequestInterval(),
        true);
  }

  /** Frame i of the synthetic stream (a keyframe when i % 30 == 0) on a payload type. */
  private static EncodedFrame frame(Random r, int i, int pt) {
    return SyntheticFrames.frame(r, i, -1).withPayloadType(pt);
  }

  @Test
  void aSubKeyframeDoesNotOpenTheGateForMainAndTheOtherWayRound() throws Exception {
    MemoryTransport[] pipe = MemoryTransport.pair();
    LinkedBlockingQueue<EncodedFrame> received = new LinkedBlockingQueue<>();
    MediaConfig config = config(256);
    Random r = new Random(11);
    List<EncodedFrame> sent =
        List.of(
            frame(r, 0, MAIN), // key: main flows
            frame(r, 1, MAIN),
            frame(r, 61, SUB), // sub has had no keyframe: held back
            frame(r, 62, SUB),
            frame(r, 2, MAIN),
            frame(r, 90, SUB), // key: sub flows
            frame(r, 91, SUB),
            frame(r, 3, MAIN));
    List<EncodedFrame> expected =
        List.of(sent.get(0), sent.get(1), sent.get(4), sent.get(5), sent.get(6), sent.get(7));
    try (MediaSender sender = new MediaSender("gate-tx", pipe[0], config);
        MediaReceiver receiver = new MediaReceiver("gate-rx", pipe[1], config, received::add)) {
      receiver.start();
      for (EncodedFrame f : sent) {
        sender.send(f);
      }
      List<Long> got = new ArrayList<>();
      while (got.size() < expected.size()) {
        EncodedFrame f = received.poll(30, TimeUnit.SECONDS);
        assertThat(f).as("frame %d", got.size()).isNotNull();
        got.add(f.rtpTimestamp());
      }
      assertThat(got).isEqualTo(expected.stream().map(EncodedFrame::rtpTimestamp).toList());
      assertThat(receiver.stats().framesDroppedWaitingForKeyframe()).isEqualTo(2);
    }
  }

  @Test
  void aConsumerThatFallsBehindLosesTheBacklogAndResumesAtTheNextKeyframe() throws Exception {
    MemoryTransport[] pipe = MemoryTransport.pair();
    LinkedBlockingQueue<EncodedFrame> received = new LinkedBlockingQueue<>();
    CountDownLatch release = new CountDownLatch(1);
    MediaConfig config = config(8);
    Random r = new Random(12);
    List<EncodedFrame> sent = new ArrayList<>();
    for (int i = 0; i <= 20; i++) {
      sent.add(frame(r, i, MAIN)); // 0 is a keyframe
    }
    for (int i = 30; i <= 33; i++) {
      sent.add(frame(r, i, MAIN)); // 30 is a keyframe
    }
    try (MediaSender sender = new MediaSender("slow-tx", pipe[0], config);
        MediaReceiver receiver =
            new MediaReceiver(
                "slow-rx",
                pipe[1],
                config,
                f -> {
                  received.add(f);
                  try {
                    release.await(); // the consumer is stuck until everything was sent
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })) {
      receiver.start();
      for (EncodedFrame f : sent) {
        sender.send(f);
      }
      long last = sent.get(sent.size() - 1).rtpTimestamp();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (receiver.stats().framesCompleted() < sent.size() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      release.countDown();
      List<Long> got = new ArrayList<>();
      while (got.isEmpty() || got.get(got.size() - 1) != last) {
        EncodedFrame f = received.poll(30, TimeUnit.SECONDS);
        assertThat(f).as("frames after %s", got).isNotNull();
        got.add(f.rtpTimestamp());
      }
      // Whatever the consumer held when it got stuck, then the newest GOP, whole and in order.
      List<Long> newest = sent.subList(21, 25).stream().map(EncodedFrame::rtpTimestamp).toList();
      assertThat(got).endsWith(newest.toArray(Long[]::new));
      assertThat(got.size())
          .as("at most the stuck frame before the newest GOP")
          .isLessThanOrEqualTo(5);
      assertThat(receiver.stats().framesDroppedQueueFull()).isGreaterThanOrEqualTo(8);
    }
  }
}
