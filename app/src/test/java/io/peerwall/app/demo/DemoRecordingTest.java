package io.peerwall.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.app.Main;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.EncodedClipFile;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import io.peerwall.recorder.SegmentReader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo records its cameras: real camera agents replaying clips over real sessions, the station
 * teeing every access unit into the recorder. What was recorded is read back and must be the clips'
 * own frames, byte for byte, in order.
 */
@Timeout(120)
class DemoRecordingTest {
  @TempDir Path dataDir;

  @Test
  void theDemoRecordsEveryCameraFrameExact() throws Exception {
    int exit =
        Main.run(
            "demo",
            "--headless",
            "--cameras",
            "2",
            "--duration",
            "6s",
            "--status-interval",
            "3s",
            "--data-dir",
            dataDir.toString());
    assertThat(exit).isZero();

    Map<ByteBuffer, int[]> unitIndex = new HashMap<>(); // bytes -> {clip, index}
    List<EncodedClip> clips = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dataDir.resolve("cache"))) {
      for (Path file :
          files.filter(p -> p.toString().endsWith(EncodedClipFile.EXTENSION)).toList()) {
        EncodedClip clip = EncodedClipFile.read(file);
        for (int i = 0; i < clip.frameCount(); i++) {
          unitIndex.put(ByteBuffer.wrap(clip.units().get(i).data()), new int[] {clips.size(), i});
        }
        clips.add(clip);
      }
    }
    assertThat(clips).hasSizeGreaterThanOrEqualTo(2);

    try (Recordings recordings = Recordings.open(dataDir)) {
      List<Recordings.CameraInfo> cameras = recordings.cameras();
      assertThat(cameras.stream().filter(c -> c.segments() > 0)).hasSize(2);
      for (Recordings.CameraInfo camera : cameras) {
        if (camera.segments() == 0) {
          continue; // a spare camera of the pairing dialog, never watched
        }
        List<AccessUnit> read = new ArrayList<>();
        for (SegmentInfo s : recordings.segments(camera.cameraId(), 0, Long.MAX_VALUE)) {
          assertThat(s.closed()).isTrue();
          SegmentReader.read(s, (unit, offset, length) -> read.add(unit));
        }
        assertThat(read.size())
            .as("frames of %s in ~5 s at 15 fps", camera.name())
            .isGreaterThan(40);
        // Keyframes carry the camera's name in the picture, so they identify the clip; P-frames
        // of two clips can be byte-identical, so frames are compared with the expected next one.
        int[] first = unitIndex.get(ByteBuffer.wrap(read.get(0).data()));
        assertThat(first).as("the first recorded frame is a clip's keyframe").isNotNull();
        assertThat(read.get(0).keyframe()).isTrue();
        EncodedClip clip = clips.get(first[0]);
        int position = first[1];
        int jumps = 0;
        for (int i = 1; i < read.size(); i++) {
          AccessUnit unit = read.get(i);
          int next = (position + 1) % clip.frameCount();
          if (java.util.Arrays.equals(unit.data(), clip.units().get(next).data())) {
            position = next;
          } else {
            // A keyframe request makes a replay jump to its next keyframe; nothing else may.
            int[] where = unitIndex.get(ByteBuffer.wrap(unit.data()));
            assertThat(unit.keyframe())
                .as("frame %d of %s follows the previous one", i, camera.name())
                .isTrue();
            assertThat(where).isNotNull();
            assertThat(clips.get(where[0])).isSameAs(clip);
            position = where[1];
            jumps++;
          }
          assertThat(unit.keyframe()).isEqualTo(clip.units().get(position).keyframe());
          assertThat(unit.ptsMicros()).isGreaterThan(read.get(i - 1).ptsMicros());
        }
        assertThat(jumps).isLessThanOrEqualTo(2);
      }
    }
  }
}
