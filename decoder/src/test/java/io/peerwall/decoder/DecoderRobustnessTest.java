package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.demux.MediaFiles;
import io.peerwall.decoder.testing.TestMedia;
import io.peerwall.testsupport.Environment;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of damaged streams, as a lossy network, a buggy camera or an attacker would produce:
 * flipped bytes, truncated units, dropped, shuffled and duplicated NAL units, lost access units,
 * garbage. The decoder must never throw or crash, must not leak native memory, and must show the
 * right picture again from the next intact keyframe on.
 */
class DecoderRobustnessTest {

  /** The ways a stream is damaged; every trial picks one. */
  enum Damage {
    FLIP_BYTES,
    TRUNCATE_UNIT,
    DROP_NAL,
    SHUFFLE_NALS,
    DUPLICATE_NAL,
    DROP_UNITS,
    REORDER_UNITS,
    GARBAGE_UNIT,
    GARBAGE_WITH_START_CODES,
    DAMAGE_KEYFRAME
  }

  private static final int TRIALS = 3000;

  @Test
  void h264SurvivesThousandsOfDamagedStreams() {
    EncodedClip clip = TestClips.small(); // 320x180, GOP 15, the test pattern of camera "Yard"
    TestPatternPainter painter = new TestPatternPainter("Yard", 320, 180, 15);
    Result result = fuzz(clip, painter, TRIALS, 42);
    System.out.printf(
        "METRIC robustness H.264: %d damaged streams, %d decode errors reported, %d recoveries,"
            + " native memory %s over the run, %s over its last two thirds%n",
        result.trials,
        result.errors,
        result.recoveries,
        NativeMemory.mb(result.rssAfter - result.rssBefore),
        NativeMemory.mb(result.rssAfter - result.rssMid));
    assertThat(result.recoveries).isEqualTo(TRIALS);
    assertThat(result.perDamage.values()).allMatch(count -> count > TRIALS / 20);
    assertThat(result.errors)
        .as("damage must be noticed, not silently shown")
        .isGreaterThan(TRIALS / 4);
    assertThat(result.rssAfter - result.rssBefore)
        .as("native memory growth")
        .isLessThan(48_000_000);
    // Readings move by ±10 MB with the C allocator and the JVM; a leak of one picture per reported
    // error would be over 90 MB here.
    assertThat(result.rssAfter - result.rssMid)
        .as("growth in the last two thirds (a leak)")
        .isLessThan(32_000_000);
  }

  @Test
  void otherCodecsSurviveDamagedStreamsToo() throws Exception {
    for (VideoCodec codec : List.of(VideoCodec.VP8, VideoCodec.VP9)) {
      EncodedClip clip =
          MediaFiles.readClip(
              codec == VideoCodec.VP8
                  ? TestMedia.vp8(320, 180, 15, 4, 15)
                  : TestMedia.vp9(320, 180, 15, 4, 15),
              15);
      Result result = fuzz(clip, null, 300, 7);
      assertThat(result.recoveries).as(codec.toString()).isEqualTo(300);
    }
  }

  @Test
  void h265SurvivesDamagedStreams() throws Exception {
    Environment.require(
        FfmpegCli.available() && io.peerwall.decoder.testing.Tools.systemHasEncoder("libx265"),
        "SKIPPED: Debian's ffmpeg with libx265 is needed to make an H.265 clip");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("x265", ".mkv");
    try {
      io.peerwall.decoder.testing.Tools.run(
          "/usr/bin/ffmpeg",
          "-v",
          "error",
          "-y",
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=320x180:rate=15",
          "-t",
          "4",
          "-c:v",
          "libx265",
          "-preset",
          "ultrafast",
          "-x265-params",
          "keyint=15:min-keyint=15:bframes=0:log-level=error",
          file.toString());
      EncodedClip clip = MediaFiles.readClip(file, 15);
      assertThat(clip.codec()).isEqualTo(VideoCodec.H265);
      Result result = fuzz(clip, null, 500, 11);
      assertThat(result.recoveries).isEqualTo(500);
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  private static final class Result {
    int trials;
    long errors;
    int recoveries;
    long rssBefore;
    long rssMid;
    long rssAfter;
    final Map<Damage, Integer> perDamage = new EnumMap<>(Damage.class);
  }

  /**
   * Runs {@code trials} damaged stretches through one decoder. Each trial: a clean keyframe and a
   * few clean units, then a damaged stretch, then the clean remainder of the GOP; the next clean
   * keyframe must decode to the right picture. With a painter, "right" is checked on the pixels;
   * otherwise the decoder must at least deliver a picture and stop asking for a keyframe.
   */
  private static Result fuzz(EncodedClip clip, TestPatternPainter painter, int trials, long seed) {
    Random random = new Random(seed);
    List<AccessUnit> units = clip.units();
    int[] keys = clip.keyframeIndices();
    Result result = new Result();
    FrameBuffer tile = new FrameBuffer(160, 90);
    try (StreamDecoder decoder = new StreamDecoder(clip.codec())) {
      // Warm up so that frame pools and the scaler exist before the baseline reading.
      for (AccessUnit unit : units) {
        decoder.decode(unit, tile);
      }
      result.rssBefore = NativeMemory.residentBytes();
      long pts = units.get(units.size() - 1).ptsMicros();
      for (int trial = 0; trial < trials; trial++) {
        int g = random.nextInt(keys.length - 1);
        int start = keys[g];
        int next = keys[g + 1];
        Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
        result.perDamage.merge(damage, 1, Integer::sum);
        List<AccessUnit> stream = new ArrayList<>();
        int damagedFrom = damage == Damage.DAMAGE_KEYFRAME ? start : start + 1 + random.nextInt(4);
        for (int i = start; i < damagedFrom; i++) {
          stream.add(units.get(i));
        }
        stream.addAll(damaged(damage, units, damagedFrom, next, clip.codec(), random));
        for (AccessUnit unit : stream) {
          pts += 66_666;
          DecodeStatus status = decoder.decode(retimed(unit, pts), tile);
          assertThat(status).isNotNull();
        }
        // Recovery: the next intact keyframe and the units after it show the right pictures.
        for (int i = next; i < Math.min(next + 3, units.size()); i++) {
          pts += 66_666;
          DecodeStatus status = decoder.decode(retimed(units.get(i), pts), tile);
          assertThat(status)
              .as("trial %d (%s), unit %d", trial, damage, i)
              .isEqualTo(DecodeStatus.FRAME);
          if (painter != null) {
            assertBlockAt(painter, tile, i, trial, damage);
          }
        }
        assertThat(decoder.keyframeNeeded()).isFalse();
        if (trial == trials / 3) {
          // After the first third the decoder has seen the worst (e.g. a corrupt SPS declaring a
          // huge picture) and its pools are at their high-water mark; a leak shows after that.
          result.rssMid = NativeMemory.residentBytes();
        }
        result.recoveries++;
        result.trials++;
      }
      result.errors = decoder.decodeErrors();
    }
    result.rssAfter = NativeMemory.residentBytes();
    return result;
  }

  /** The damaged version of units [from, to) of the clip. */
  private static List<AccessUnit> damaged(
      Damage damage, List<AccessUnit> units, int from, int to, VideoCodec codec, Random random) {
    List<AccessUnit> stretch = new ArrayList<>(units.subList(from, to));
    int target = random.nextInt(stretch.size());
    AccessUnit unit = stretch.get(target);
    switch (damage) {
      case FLIP_BYTES -> stretch.set(target, withData(unit, flip(unit.data(), random)));
      case DAMAGE_KEYFRAME ->
          stretch.set(0, withData(stretch.get(0), flip(stretch.get(0).data(), random)));
      case TRUNCATE_UNIT ->
          stretch.set(
              target,
              withData(unit, Arrays.copyOf(unit.data(), random.nextInt(unit.data().length))));
      case DROP_NAL, SHUFFLE_NALS, DUPLICATE_NAL -> {
        if (!codec.usesNalUnits()) {
          stretch.remove(target); // no NAL units: the closest damage is a lost unit
        } else {
          stretch.set(target, withData(unit, rearrangeNals(damage, unit.data(), random)));
        }
      }
      case DROP_UNITS -> {
        int count = 1 + random.nextInt(Math.min(3, stretch.size()));
        for (int i = 0; i < count && !stretch.isEmpty(); i++) {
          stretch.remove(random.nextInt(stretch.size()));
        }
      }
      case REORDER_UNITS -> Collections.shuffle(stretch, random);
      case GARBAGE_UNIT -> {
        byte[] junk = new byte[1 + random.nextInt(5000)];
        random.nextBytes(junk);
        stretch.add(target, new AccessUnit(codec, junk, 0, 0, random.nextBoolean()));
      }
      case GARBAGE_WITH_START_CODES -> {
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        int nals = 1 + random.nextInt(4);
        for (int i = 0; i < nals; i++) {
          junk.writeBytes(AnnexB.START_CODE);
          byte[] body = new byte[1 + random.nextInt(800)];
          random.nextBytes(body);
          junk.writeBytes(body);
        }
        stretch.add(target, new AccessUnit(codec, junk.toByteArray(), 0, 0, random.nextBoolean()));
      }
    }
    return stretch;
  }

  private static byte[] flip(byte[] original, Random random) {
    byte[] data = original.clone();
    for (int i = 0; i < 1 + random.nextInt(8); i++) {
      int at = random.nextInt(data.length);
      data[at] ^= (byte) (1 << random.nextInt(8));
    }
    return data;
  }

  private static byte[] rearrangeNals(Damage damage, byte[] data, Random random) {
    List<byte[]> nals = new ArrayList<>();
    for (AnnexB.NalUnit nal : AnnexB.split(data)) {
      nals.add(Arrays.copyOfRange(data, nal.offset(), nal.offset() + nal.length()));
    }
    if (nals.isEmpty()) {
      return data;
    }
    switch (damage) {
      case DROP_NAL -> nals.remove(random.nextInt(nals.size()));
      case SHUFFLE_NALS -> Collections.shuffle(nals, random);
      default -> nals.add(random.nextInt(nals.size() + 1), nals.get(random.nextInt(nals.size())));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] nal : nals) {
      out.writeBytes(AnnexB.START_CODE);
      out.writeBytes(nal);
    }
    return out.toByteArray();
  }

  private static AccessUnit withData(AccessUnit unit, byte[] data) {
    return new AccessUnit(unit.codec(), data, unit.ptsMicros(), 0, unit.keyframe());
  }

  private static AccessUnit retimed(AccessUnit unit, long pts) {
    return new AccessUnit(unit.codec(), unit.data(), pts, 0, unit.keyframe());
  }

  private static void assertBlockAt(
      TestPatternPainter painter, FrameBuffer tile, int index, int trial, Damage damage) {
    Rectangle block = painter.movingBlock(index);
    Rectangle inside = Pictures.scaled(block, painter.width(), tile.width(), 2);
    assertThat(Pictures.meanLuma(tile, inside))
        .as("trial %d (%s): block of frame %d after recovery", trial, damage, index)
        .isGreaterThan(180);
  }
}
