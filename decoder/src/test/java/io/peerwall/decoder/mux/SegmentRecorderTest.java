package io.peerwall.decoder.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.testing.NalPayloads;
import io.peerwall.decoder.testing.ProbeResult;
import io.peerwall.decoder.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRecorderTest {

  @TempDir Path dir;

  @Test
  void segmentsAreValidMpegTsHoldingTheCamerasBytes() throws Exception {
    List<AccessUnit> units = Recordings.stream(150); // 10 s
    List<SegmentSummary> segments = Recordings.record(units, dir, 4);
    // 4 s target, cut at the next keyframe: 0-4 s, 4-8 s, 8-10 s.
    assertThat(segments).hasSize(3);
    assertThat(segments).extracting(SegmentSummary::frames).containsExactly(60L, 60L, 30L);
    assertThat(segments.get(0).file().getFileName().toString())
        .isEqualTo("front_door-20250615T150640.000Z.ts");
    long offset = 0;
    for (SegmentSummary segment : segments) {
      ProbeResult probe = Tools.probe(segment.file());
      assertThat(probe.errors()).as("ffprobe errors for %s", segment.file()).isEmpty();
      assertThat(probe.codec()).isEqualTo("h264");
      assertThat(probe.width()).isEqualTo(640);
      assertThat(probe.frames()).isEqualTo(segment.frames());
      assertThat(probe.durationSeconds()).isCloseTo(segment.frames() / 15.0, within(0.08));
      assertThat(segment.durationMicros())
          .isCloseTo(segment.frames() * 1_000_000L / 15, within(1000L));
      assertThat(segment.startEpochMicros())
          .isEqualTo(units.get((int) offset).captureEpochMicros());
      assertThat(segment.keyframes()).isEqualTo(segment.frames() / 15);
      // Read back: the same coded bytes, unit for unit.
      List<AccessUnit> back = new ArrayList<>();
      SegmentInspector.readUnits(segment.file(), back::add);
      List<AccessUnit> written = units.subList((int) offset, (int) (offset + segment.frames()));
      assertThat(NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(back)))
          .isEqualTo(NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(written)));
      SegmentStats stats = SegmentInspector.inspect(segment.file());
      assertThat(stats.frames()).isEqualTo(segment.frames());
      assertThat(stats.durationMicros()).isCloseTo(segment.durationMicros(), within(2000L));
      offset += segment.frames();
    }
  }

  @Test
  void theTransportStreamIsLaidOutAsTheRecorderReliesOn() throws Exception {
    List<AccessUnit> units = Recordings.stream(45); // keyframes at 0, 15, 30
    Path file = dir.resolve("layout.ts");
    List<Long> keyframeOffsets = new ArrayList<>();
    try (SegmentWriter writer =
        SegmentWriter.create(file, VideoCodec.H264, 640, 360, Duration.ZERO)) {
      for (AccessUnit unit : units) {
        if (unit.keyframe()) {
          keyframeOffsets.add(writer.size());
        }
        writer.write(unit);
        // flush_packets: everything written is in the file already, not in a buffer.
        assertThat(Files.size(file)).isEqualTo(writer.size());
      }
    }
    byte[] ts = Files.readAllBytes(file);
    assertThat(ts.length % 188).isZero();
    List<Long> patOffsets = new ArrayList<>();
    int pesStarts = 0;
    int randomAccess = 0;
    int pmtPid = -1;
    for (int at = 0; at < ts.length; at += 188) {
      assertThat(ts[at]).as("sync byte at %d", at).isEqualTo((byte) 0x47);
      int pid = ((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff);
      boolean unitStart = (ts[at + 1] & 0x40) != 0;
      boolean adaptation = (ts[at + 3] & 0x20) != 0;
      if (pid == 0 && unitStart) {
        patOffsets.add((long) at);
        int section = at + 5 + (ts[at + 4] & 0xff);
        pmtPid = ((ts[section + 10] & 0x1f) << 8) | (ts[section + 11] & 0xff);
      } else if (pid == 0x100 && unitStart) {
        pesStarts++;
        if (adaptation && (ts[at + 4] & 0xff) > 0 && (ts[at + 5] & 0x40) != 0) {
          randomAccess++;
          // The packets just before a keyframe's PES are the PAT and the PMT.
          int pmtAt = at - 188;
          assertThat(((ts[pmtAt + 1] & 0x1f) << 8) | (ts[pmtAt + 2] & 0xff)).isEqualTo(pmtPid);
          assertThat(patOffsets).contains((long) pmtAt - 188);
        }
      }
    }
    assertThat(pesStarts).as("one PES per access unit").isEqualTo(45);
    assertThat(randomAccess).as("random access indicator on keyframes").isEqualTo(3);
    // The offset read before writing a keyframe is where the tables in front of it start: only
    // program information (SDT 0x11, PAT 0, PMT) lies between it and the keyframe's PES.
    for (long offset : keyframeOffsets) {
      int at = (int) offset;
      while ((((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff)) != 0x100) {
        int pid = ((ts[at + 1] & 0x1f) << 8) | (ts[at + 2] & 0xff);
        assertThat(pid)
            .as("packet at %d before the keyframe at %d", at, offset)
            .isIn(0, 0x11, pmtPid);
        at += 188;
      }
      assertThat(ts[at + 1] & 0x40).as("keyframe PES starts at %d", at).isNotZero();
      assertThat(ts[at + 5] & 0x40).as("random access indicator at %d", at).isNotZero();
    }
    // Every access unit starts with a delimiter.
    List<AccessUnit> back = new ArrayList<>();
    SegmentInspector.readUnits(file, back::add);
    assertThat(back).hasSize(45).allMatch(u -> (u.data()[4] & 0x1f) == 9);
  }

  @Test
  void anOutageOrAChangeOfStreamStartsANewSegment() throws Exception {
    List<AccessUnit> units = new ArrayList<>(Recordings.stream(45));
    // 10 s outage after unit 29, then the stream resumes mid-GOP: units until the keyframe drop.
    List<AccessUnit> resumed = new ArrayList<>();
    for (int i = 20; i < 45; i++) {
      AccessUnit u = units.get(i);
      resumed.add(
          new AccessUnit(
              u.codec(),
              u.data(),
              u.ptsMicros() + 10_000_000,
              u.captureEpochMicros() + 10_000_000,
              u.keyframe()));
    }
    List<AccessUnit> stream = new ArrayList<>(units.subList(0, 30));
    stream.addAll(resumed);
    // Then a camera with another resolution (new SPS) at its keyframe.
    long t = resumed.get(resumed.size() - 1).ptsMicros() + 66_667;
    for (AccessUnit u :
        io.peerwall.decoder.SyntheticClipEncoder.encode(
                io.peerwall.decoder.SyntheticClipSpec.defaults("Small").withSize(320, 180))
            .units()
            .subList(0, 15)) {
      stream.add(
          new AccessUnit(
              u.codec(),
              u.data(),
              t + u.ptsMicros(),
              Recordings.BASE_EPOCH_MICROS + t + u.ptsMicros(),
              u.keyframe()));
    }
    List<SegmentSummary> segments = new ArrayList<>();
    SegmentRecorder.Config config =
        new SegmentRecorder.Config(
            dir, "cam", Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(1));
    try (SegmentRecorder recorder = new SegmentRecorder(config, segments::add)) {
      for (AccessUnit unit : stream) {
        recorder.write(unit);
      }
      assertThat(recorder.unitsDropped())
          .isEqualTo(10); // units 20..29 after the gap, before key 30
    }
    assertThat(segments).extracting(SegmentSummary::frames).containsExactly(30L, 15L, 15L);
    assertThat(Tools.probe(segments.get(2).file()).width()).isEqualTo(320);
  }

  @Test
  void misuseIsRejected() throws Exception {
    AccessUnit delta = Recordings.stream(2).get(1);
    try (SegmentWriter writer =
        SegmentWriter.create(dir.resolve("x.ts"), VideoCodec.H264, 640, 360, Duration.ZERO)) {
      assertThatThrownBy(() -> writer.write(delta)).hasMessageContaining("keyframe");
    }
    assertThatThrownBy(
            () -> SegmentWriter.create(dir.resolve("y.ts"), VideoCodec.VP9, 0, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.exists(dir.resolve("y.ts"))).isFalse();
  }
}
