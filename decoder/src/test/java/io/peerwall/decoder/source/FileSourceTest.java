package io.peerwall.decoder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.SourceHealth;
import io.peerwall.decoder.SourceState;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.testing.NalPayloads;
import io.peerwall.decoder.testing.TestMedia;
import io.peerwall.decoder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {

  private static final int FPS = 30;

  @TempDir Path dir;

  @Test
  void loopsTheFileInRealTimeRetimedToNowWithTheFilesOwnBytes() throws Exception {
    Path file = TestMedia.h264(160, 90, FPS, 1, 10, "mp4"); // 30 units, keyframes at 0, 10, 20
    CollectingSink sink = new CollectingSink();
    long startEpoch = System.currentTimeMillis() * 1000;
    long started = System.nanoTime();
    try (FileSource source = new FileSource("Loop Cam", file)) {
      source.start(sink);
      assertThat(sink.awaitCount(75, 10)).isTrue(); // two and a half loops
      SourceHealth health = source.health();
      assertThat(health.state()).isEqualTo(SourceState.RUNNING);
      assertThat(health.codec()).isEqualTo(VideoCodec.H264);
      assertThat(health.width()).isEqualTo(160);
      assertThat(health.framesEmitted()).isGreaterThanOrEqualTo(75);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    List<AccessUnit> units = sink.units();
    assertThat(sink.threadName()).isEqualTo("file-source-Loop Cam");
    // Real time: 75 units at 30 fps take 2.5 s (minus the first unit, sent at once).
    assertThat(seconds).isBetween(2.3, 3.5);
    assertThat(units.get(0).keyframe()).isTrue();
    assertThat(units.get(0).ptsMicros()).isZero();
    for (int i = 1; i < units.size(); i++) {
      long step = units.get(i).ptsMicros() - units.get(i - 1).ptsMicros();
      // Seamless across the loop: one frame later, as everywhere else.
      assertThat(step).as("pts step before unit %d", i).isBetween(33_000L, 34_000L);
      assertThat(units.get(i).keyframe()).isEqualTo(i % 30 % 10 == 0);
      assertThat(units.get(i).captureEpochMicros())
          .isGreaterThanOrEqualTo(units.get(i - 1).captureEpochMicros());
    }
    assertThat(units.get(0).captureEpochMicros())
        .isCloseTo(startEpoch, org.assertj.core.api.Assertions.within(1_000_000L));
    // Each loop carries exactly the file's coded pictures.
    byte[] reference =
        Tools.run(
            Tools.bundledFfmpeg(),
            "-v",
            "error",
            "-i",
            file.toString(),
            "-c:v",
            "copy",
            "-bsf:v",
            "h264_mp4toannexb",
            "-f",
            "h264",
            "-");
    List<String> fileSlices =
        NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(reference));
    assertThat(
            NalPayloads.withoutParameterSets(
                VideoCodec.H264, NalPayloads.of(units.subList(30, 60))))
        .isEqualTo(fileSlices);
  }

  @Test
  void aKeyframeRequestJumpsToTheNextKeyframeAndStopFencesTheSink() throws Exception {
    Path file = TestMedia.h264(160, 90, FPS, 1, 10, "mkv");
    CollectingSink sink = new CollectingSink();
    try (FileSource source = new FileSource("Jumpy", file)) {
      source.start(sink);
      assertThat(sink.awaitCount(3, 5)).isTrue();
      source.requestKeyframe();
      int asked = sink.size();
      assertThat(sink.awaitCount(asked + 2, 5)).isTrue();
      List<AccessUnit> units = sink.units();
      // The unit being paced when the request came may still arrive; the next is a keyframe.
      assertThat(units.subList(asked, asked + 2)).anyMatch(AccessUnit::keyframe);
      source.stop();
      int stopped = sink.size();
      assertThat(source.health().state()).isEqualTo(SourceState.IDLE);
      Thread.sleep(200);
      assertThat(sink.size()).isEqualTo(stopped);
      // Started again: timestamps go on increasing, from a keyframe.
      long lastPts = sink.units().get(stopped - 1).ptsMicros();
      source.start(sink);
      assertThat(sink.awaitCount(stopped + 2, 5)).isTrue();
      AccessUnit resumed = sink.units().get(stopped);
      assertThat(resumed.keyframe()).isTrue();
      assertThat(resumed.ptsMicros()).isGreaterThan(lastPts);
    }
  }

  @Test
  void aMissingOrUnreadableFileFailsStartWithAClearError() throws Exception {
    Path missing = dir.resolve("nope.mp4");
    FileSource source = new FileSource("Missing", missing);
    assertThatThrownBy(() -> source.start(unit -> {}))
        .isInstanceOf(SourceException.class)
        .hasMessage("cannot open file:" + missing + ": no such file");
    assertThat(source.health().state()).isEqualTo(SourceState.FAILED);
    assertThat(source.health().lastError()).isEqualTo("no such file");

    Path text = Files.writeString(dir.resolve("notes.mkv"), "not a video\n".repeat(100));
    assertThatThrownBy(() -> new FileSource("Text", text).start(unit -> {}))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot open file:" + text)
        .hasMessageContaining("not a video file");

    Path mjpeg = dir.resolve("mjpeg.mkv");
    Tools.run(
        Tools.bundledFfmpeg(),
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x90:rate=5",
        "-t",
        "1",
        "-c:v",
        "mjpeg",
        mjpeg.toString());
    assertThatThrownBy(() -> new FileSource("Mjpeg", mjpeg).start(unit -> {}))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("unsupported codec mjpeg");
  }

  @Test
  void closedSourcesCannotStart() throws Exception {
    FileSource source = new FileSource("Closed", TestMedia.h264(160, 90, FPS, 1, 10, "mp4"));
    source.close();
    source.close();
    assertThat(source.health().state()).isEqualTo(SourceState.CLOSED);
    assertThatThrownBy(() -> source.start(unit -> {})).isInstanceOf(IllegalStateException.class);
    CollectingSink sink = new CollectingSink();
    try (FileSource running = new FileSource("Twice", TestMedia.h264(160, 90, FPS, 1, 10, "mp4"))) {
      running.start(sink);
      assertThatThrownBy(() -> running.start(sink))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already running");
      assertThat(sink.await(l -> !l.isEmpty(), 5, TimeUnit.SECONDS)).isTrue();
    }
  }
}
