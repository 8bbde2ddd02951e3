package io.peerwall.decoder.demux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.AnnexB;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.testing.NalPayloads;
import io.peerwall.decoder.testing.TestMedia;
import io.peerwall.decoder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaInputTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"mp4", "mkv", "ts"})
  void passesThePacketsThroughAsAnnexBWithParameterSetsOnKeyframes(String container)
      throws Exception {
    Path file = TestMedia.h264(320, 180, 15, 2, 10, container);
    List<AccessUnit> units = new ArrayList<>();
    try (MediaInput input = MediaInput.open(file.toString(), "clip", InputOptions.file())) {
      assertThat(input.codec()).isEqualTo(VideoCodec.H264);
      assertThat(input.width()).isEqualTo(320);
      assertThat(input.height()).isEqualTo(180);
      assertThat(input.frameRate()).isEqualTo(15.0);
      AccessUnit unit;
      while ((unit = input.readUnit()) != null) {
        units.add(unit);
      }
    }
    assertThat(units).hasSize(30);
    for (int i = 0; i < units.size(); i++) {
      AccessUnit unit = units.get(i);
      assertThat(unit.keyframe()).as("unit %d", i).isEqualTo(i % 10 == 0);
      // Container time bases differ (MP4 1/15360, MKV milliseconds): equal within a millisecond.
      assertThat(unit.ptsMicros())
          .isCloseTo(units.get(0).ptsMicros() + i * 1_000_000L / 15, within(1000L));
      List<AnnexB.NalUnit> nals = AnnexB.split(unit.data());
      assertThat(unit.data()[0] == 0 && unit.data()[3] == 1).as("4-byte start code").isTrue();
      if (unit.keyframe()) {
        // SPS and PPS first (after an access unit delimiter, which MPEG-TS has), so any keyframe
        // is a place to start decoding.
        List<Integer> types = new ArrayList<>();
        for (AnnexB.NalUnit nal : nals) {
          types.add(AnnexB.nalType(VideoCodec.H264, unit.data()[nal.offset()]));
        }
        types.remove(Integer.valueOf(9));
        assertThat(types.subList(0, 3)).containsExactly(7, 8, 5);
      }
    }
    // The coded pictures are the file's, byte for byte: the same slices as ffmpeg's own copy.
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
    assertThat(NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(units)))
        .isEqualTo(NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(reference)));
  }

  @Test
  void rewindStartsOverAtTheFirstKeyframe() throws Exception {
    Path file = TestMedia.h264(320, 180, 15, 2, 10, "mp4");
    try (MediaInput input = MediaInput.open(file.toString(), "clip", InputOptions.file())) {
      AccessUnit first = input.readUnit();
      while (input.readUnit() != null) {
        // read to the end
      }
      assertThat(input.rewind()).isTrue();
      AccessUnit again = input.readUnit();
      assertThat(again.data()).isEqualTo(first.data());
      assertThat(again.ptsMicros()).isEqualTo(first.ptsMicros());
    }
  }

  @Test
  void openFailuresNameTheInputAndTheReason() throws Exception {
    Path missing = dir.resolve("missing.mp4");
    assertThatThrownBy(
            () -> MediaInput.open(missing.toString(), "file:missing.mp4", InputOptions.file()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("file:missing.mp4")
        .hasMessageContaining("No such file");
    Path text = Files.writeString(dir.resolve("notes.mp4"), "this is not a video\n".repeat(50));
    assertThatThrownBy(() -> MediaInput.open(text.toString(), "notes.mp4", InputOptions.file()))
        .isInstanceOf(InputException.class)
        .hasMessageContaining("notes.mp4")
        .hasMessageContaining("Invalid data");
  }

  @Test
  void aSilentServerIsCutShortByTheDeadlineOrByCancelling() throws Exception {
    // Accepts connections and never answers: a camera that hangs.
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress())) {
      String url = "rtsp://127.0.0.1:" + silent.getLocalPort() + "/stream";
      InputOptions options =
          new InputOptions(
              "rtsp", java.util.Map.of(), java.time.Duration.ofSeconds(1), java.time.Duration.ZERO);
      long started = System.nanoTime();
      assertThatThrownBy(() -> MediaInput.open(url, "hung camera", options))
          .isInstanceOfSatisfying(InputException.class, e -> assertThat(e.isTimeout()).isTrue())
          .hasMessage("cannot open hung camera: timed out");
      assertThat((System.nanoTime() - started) / 1e9).isBetween(0.9, 3.0);

      java.util.concurrent.atomic.AtomicBoolean cancelled =
          new java.util.concurrent.atomic.AtomicBoolean();
      Thread canceller =
          new Thread(
              () -> {
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                cancelled.set(true);
              },
              "test-canceller");
      canceller.start();
      started = System.nanoTime();
      assertThatThrownBy(
              () ->
                  MediaInput.open(
                      url,
                      "hung camera",
                      options.withTimeouts(
                          java.time.Duration.ofSeconds(30), java.time.Duration.ZERO),
                      cancelled))
          .isInstanceOf(InputException.class)
          .hasMessage("cannot open hung camera: aborted");
      assertThat((System.nanoTime() - started) / 1e9).isLessThan(2.0);
      canceller.join();
    }
  }

  @Test
  void aWholeFileLoadsAsALoopableClip() throws Exception {
    EncodedClip clip = MediaFiles.readClip(TestMedia.h264(320, 180, 15, 2, 10, "mkv"), 25);
    assertThat(clip.frameCount()).isEqualTo(30);
    assertThat(clip.fps()).isEqualTo(15);
    assertThat(clip.keyframeIndices()).containsExactly(0, 10, 20);
    assertThat(clip.units().get(29).ptsMicros()).isEqualTo(29 * 1_000_000L / 15);
  }
}
