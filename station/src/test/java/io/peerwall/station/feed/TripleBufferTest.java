package io.peerwall.station.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TripleBufferTest {

  @Test
  void readerGetsTheNewestFrameAndReplacedFramesAreCounted() {
    AtomicInteger ids = new AtomicInteger();
    TripleBuffer<int[]> buffer = new TripleBuffer<>(() -> new int[] {ids.getAndIncrement(), 0});
    assertThat(buffer.takeLatest()).isNull();

    buffer.writeSlot()[1] = 1;
    buffer.publish();
    buffer.writeSlot()[1] = 2;
    buffer.publish(); // frame 1 was never taken: dropped

    assertThat(buffer.takeLatest()[1]).isEqualTo(2);
    assertThat(buffer.takeLatest()).isNull();
    assertThat(buffer.dropped()).isEqualTo(1);
  }

  @Test
  void aReplacedWriteSlotReachesTheReader() {
    TripleBuffer<int[]> buffer = new TripleBuffer<>(() -> new int[1]);
    int[] bigger = new int[4];
    bigger[3] = 7;
    buffer.replaceWriteSlot(bigger);
    buffer.publish();
    assertThat(buffer.takeLatest()).isSameAs(bigger);
  }

  /**
   * One writer, one reader, hard contention: the reader never sees a slot the writer is writing
   * (each slot holds {sequence, sequence} written in two steps), and sequences never go back.
   */
  @Test
  void writerAndReaderNeverShareASlot() throws Exception {
    TripleBuffer<long[]> buffer = new TripleBuffer<>(() -> new long[2]);
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong torn = new AtomicLong();
    AtomicLong backwards = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              for (long seq = 1; seq <= 2_000_000; seq++) {
                long[] slot = buffer.writeSlot();
                slot[0] = seq;
                slot[1] = seq;
                buffer.publish();
              }
              done.set(true);
            },
            "triple-buffer-test-writer");
    writer.start();
    long last = 0;
    long taken = 0;
    while (!done.get() || taken == 0) {
      long[] frame = buffer.takeLatest();
      if (frame == null) {
        continue;
      }
      taken++;
      long a = frame[0];
      Thread.onSpinWait();
      long b = frame[1];
      if (a != b || frame[0] != a) {
        torn.incrementAndGet();
      }
      if (a < last) {
        backwards.incrementAndGet();
      }
      last = a;
    }
    writer.join();
    // The writer's last frame may still be waiting: it was neither taken nor replaced.
    if (buffer.takeLatest() != null) {
      taken++;
    }
    assertThat(torn.get()).isZero();
    assertThat(backwards.get()).isZero();
    assertThat(taken + buffer.dropped()).isEqualTo(2_000_000);
  }
}
