package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ClipReplaySourceTest {

  private static final long START_EPOCH_MICROS = 1_700_000_000_000_000L;
  private static final long PERIOD_NANOS = 1_000_000_000L / 15;

  private final EncodedClip clip = TestClips.demo();
  private final ManualMediaClock clock = new ManualMediaClock(START_EPOCH_MICROS);
  private final List<AccessUnit> received = new ArrayList<>();
  private final List<Long> receivedAtNanos = new ArrayList<>();
  private final ClipReplaySource source = new ClipReplaySource("cam-1", clip, clock, null);

  private void collect(AccessUnit unit) {
    received.add(unit);
    receivedAtNanos.add(clock.monotonicNanos());
  }

  @Test
  void pacesOnAnAbsoluteScheduleAndRetimesAcrossLoops() {
    source.begin(this::collect);
    assertThat(source.emitDue()).isEqualTo(PERIOD_NANOS); // frame 0 at once, next in one period
    assertThat(received).hasSize(1);

    // 10 s in uneven 7 ms steps: wake-up jitter must not accumulate.
    long end = Duration.ofSeconds(10).toNanos();
    while (clock.monotonicNanos() < end) {
      clock.advanceNanos(Math.min(7_000_000, end - clock.monotonicNanos()));
      source.emitDue();
    }
    assertThat(received).hasSize(151); // frames 0..150 are due by t = 10 s

    for (int n = 0; n < received.size(); n++) {
      AccessUnit unit = received.get(n);
      AccessUnit original = clip.units().get(n % clip.frameCount());
      long due = n * 1_000_000_000L / 15;
      assertThat(unit.ptsMicros()).isEqualTo(n * 1_000_000L / 15);
      assertThat(unit.data()).isSameAs(original.data());
      assertThat(unit.keyframe()).isEqualTo(original.keyframe());
      assertThat(receivedAtNanos.get(n)).isBetween(due, due + 7_000_000);
      assertThat(unit.captureEpochMicros())
          .isEqualTo(START_EPOCH_MICROS + receivedAtNanos.get(n) / 1000);
    }
    assertThat(source.framesEmitted()).isEqualTo(151);
    assertThat(source.lastKeyframeClipIndex()).isEqualTo(30); // frame 150 = clip index 30
    assertThat(source.lastKeyframeSequence()).isEqualTo(150);
  }

  @Test
  void sinkExceptionsAreCountedAndNeverStopTheLoop() {
    source.begin(
        unit -> {
          collect(unit);
          if (received.size() % 3 == 0) {
            throw new IllegalStateException("sink broke");
          }
        });
    for (int i = 0; i < 30; i++) {
      source.emitDue();
      clock.advanceNanos(PERIOD_NANOS + 1);
    }
    assertThat(received).hasSize(30);
    assertThat(source.sinkFailures()).isEqualTo(10);
    assertThat(source.isRunning()).isTrue();
  }

  @Test
  void keyframeRequestJumpsToTheNextKeyframe() {
    source.begin(this::collect);
    for (int i = 0; i < 4; i++) {
      source.emitDue();
      clock.advanceNanos(PERIOD_NANOS + 1);
    }
    source.requestKeyframe();
    source.emitDue();
    AccessUnit unit = received.get(received.size() - 1);
    assertThat(unit.keyframe()).isTrue();
    assertThat(unit.data()).isSameAs(clip.units().get(15).data());
    assertThat(unit.ptsMicros()).isEqualTo(4 * 1_000_000L / 15); // timeline stays continuous
    assertThat(source.lastKeyframeClipIndex()).isEqualTo(15);
    clock.advanceNanos(PERIOD_NANOS);
    source.emitDue();
    assertThat(received.get(received.size() - 1).data()).isSameAs(clip.units().get(16).data());
  }

  @Test
  void catchesUpShortStallsButReanchorsAfterLongOnes() {
    source.begin(this::collect);
    source.emitDue();
    clock.advance(Duration.ofMillis(500));
    source.emitDue();
    assertThat(received).hasSize(8); // 0..7 due by 500 ms: a short burst keeps the pace
    assertThat(source.scheduleResets()).isZero();

    clock.advance(Duration.ofSeconds(30));
    source.emitDue();
    assertThat(received).hasSize(9); // no 450-frame burst after a stall
    assertThat(source.scheduleResets()).isEqualTo(1);
    assertThat(received.get(8).ptsMicros()).isEqualTo(8 * 1_000_000L / 15);
    clock.advanceNanos(PERIOD_NANOS + 1);
    source.emitDue();
    assertThat(received).hasSize(10);
  }

  @Test
  void restartContinuesTheTimelineAndClosedSourcesRefuseToStart() {
    source.begin(this::collect);
    source.emitDue();
    clock.advanceNanos(PERIOD_NANOS);
    source.emitDue();
    source.stop();
    assertThatCode(source::emitDue).doesNotThrowAnyException();
    clock.advance(Duration.ofSeconds(5));
    source.emitDue();
    assertThat(received).hasSize(2);

    source.begin(this::collect);
    source.emitDue();
    assertThat(received).hasSize(3);
    assertThat(received.get(2).ptsMicros()).isEqualTo(2 * 1_000_000L / 15);
    assertThatThrownBy(() -> source.begin(this::collect)).isInstanceOf(IllegalStateException.class);
    source.close();
    assertThatThrownBy(() -> source.start(this::collect)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void runsInRealTimeOnItsOwnDaemonThread() throws InterruptedException {
    List<AccessUnit> units = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    try (ClipReplaySource live = new ClipReplaySource("porch", clip)) {
      live.start(
          unit -> {
            units.add(unit);
            threads.add(Thread.currentThread());
          });
      Thread.sleep(1000);
      live.stop();
      int atStop = units.size();
      Thread.sleep(200);
      assertThat(units).hasSize(atStop);
      assertThat(atStop).isBetween(14, 18); // frames at 0, 1/15, ... 1 s
    }
    assertThat(threads.get(0).getName()).isEqualTo("clip-replay-porch");
    assertThat(threads.get(0).isDaemon()).isTrue();
    long spanMicros =
        units.get(units.size() - 1).captureEpochMicros() - units.get(0).captureEpochMicros();
    long ptsSpan = units.get(units.size() - 1).ptsMicros() - units.get(0).ptsMicros();
    assertThat(Math.abs(spanMicros - ptsSpan)).isLessThan(50_000);
  }

  @Test
  void startFailsLoudlyOnAShutDownExecutor() {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    executor.shutdown();
    ClipReplaySource live = new ClipReplaySource("dead", clip, MediaClock.system(), executor);
    assertThatThrownBy(() -> live.start(unit -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rejected");
    assertThat(live.isRunning()).isFalse();
  }

  @Test
  void runsOnAnInjectedExecutorWithoutShuttingItDown() throws InterruptedException {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    try {
      List<AccessUnit> units = new CopyOnWriteArrayList<>();
      ClipReplaySource live = new ClipReplaySource("yard", clip, MediaClock.system(), executor);
      live.start(units::add);
      Thread.sleep(300);
      live.close();
      assertThat(units.size()).isBetween(4, 7);
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void isAVideoSourceThatReportsItsHealth() {
    VideoSource asSource = source;
    assertThat(asSource.health().state()).isEqualTo(SourceState.IDLE);
    assertThat(asSource.health().codec()).isEqualTo(VideoCodec.H264);
    assertThat(asSource.health().width()).isEqualTo(640);
    source.begin(this::collect);
    source.emitDue();
    SourceHealth running = asSource.health();
    assertThat(running.state()).isEqualTo(SourceState.RUNNING);
    assertThat(running.isLive()).isTrue();
    assertThat(running.framesEmitted()).isEqualTo(1);
    assertThat(running.lastFrameEpochMicros()).isEqualTo(START_EPOCH_MICROS);
    asSource.close();
    assertThat(asSource.health().state()).isEqualTo(SourceState.CLOSED);
  }
}
