package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.testsupport.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against the system ffmpeg/ffprobe (Debian's build, independent of the FFmpeg inside
 * JavaCV): our clip must be a valid stream to them, our decoded pictures must match theirs, and
 * streams from other encoders (x264 with B-frames, x265) must decode with our decoder.
 */
class FfmpegCrossCheckTest {

  @TempDir Path dir;

  @BeforeEach
  void requireFfmpeg() {
    Environment.require(
        FfmpegCli.available(),
        "SKIPPED: /usr/bin/ffmpeg and /usr/bin/ffprobe are not installed; cross-checks need them");
  }

  @Test
  void ffprobeSeesTheSyntheticClipAsWeDescribeIt() throws Exception {
    EncodedClip clip = TestClips.demo();
    Path file = dir.resolve("clip.h264");
    FfmpegCli.writeElementaryStream(clip.units(), file);

    String stream =
        FfmpegCli.runText(
            FfmpegCli.FFPROBE.toString(),
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=codec_name,width,height,pix_fmt",
            "-of",
            "csv=p=0",
            file.toString());
    assertThat(stream.trim()).isEqualTo("h264,640,360,yuv420p");

    List<String> frames =
        FfmpegCli.runText(
                FfmpegCli.FFPROBE.toString(),
                "-v",
                "error",
                "-select_streams",
                "v:0",
                "-show_entries",
                "frame=key_frame,pict_type",
                "-of",
                "csv=p=0",
                file.toString())
            .lines()
            .map(String::trim)
            .filter(line -> !line.isEmpty())
            .toList();
    assertThat(frames).hasSize(clip.frameCount());
    for (int i = 0; i < frames.size(); i++) {
      boolean key = clip.units().get(i).keyframe();
      assertThat(frames.get(i)).as("frame %d", i).startsWith(key ? "1,I" : "0,P");
    }
  }

  @Test
  void ourPicturesMatchFfmpegsAtFullSizeAndTileSize() throws Exception {
    EncodedClip clip = TestClips.demo();
    Path file = dir.resolve("clip.h264");
    FfmpegCli.writeElementaryStream(clip.units(), file);

    double full = comparedWithCli(clip, file, 640, 360, null);
    double tile = comparedWithCli(clip, file, 320, 180, "scale=320:180:flags=bilinear");
    System.out.printf(
        "METRIC min PSNR vs ffmpeg CLI: 640x360 %.1f dB, 320x180 %.1f dB%n", full, tile);
    // Same bitstream decoded bit-exactly by both; the differences are only YUV->RGB rounding
    // (and, at tile size, two scaler implementations).
    assertThat(full).isGreaterThan(40);
    assertThat(tile).isGreaterThan(30);
  }

  /** Decodes with both and returns the lowest per-frame PSNR; frame counts must be equal. */
  private double comparedWithCli(EncodedClip clip, Path file, int width, int height, String filter)
      throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(FfmpegCli.FFMPEG.toString(), "-v", "error", "-i", file.toString()));
    if (filter != null) {
      command.addAll(List.of("-vf", filter));
    }
    command.addAll(List.of("-f", "rawvideo", "-pix_fmt", "bgra", "-"));
    byte[] reference = FfmpegCli.run(command.toArray(String[]::new));
    int frameBytes = width * height * 4;
    assertThat(reference.length % frameBytes).isZero();
    int cliFrames = reference.length / frameBytes;
    assertThat(cliFrames).isEqualTo(clip.frameCount());

    FrameBuffer buffer = new FrameBuffer(width, height);
    double worst = 99;
    int ours = 0;
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (AccessUnit unit : clip.units()) {
        if (decoder.decode(unit, buffer) == DecodeStatus.FRAME) {
          byte[] picture = Pictures.copy(buffer);
          if (ours + 1 < cliFrames) {
            // Guard against a vacuous match: the next reference frame must compare worse.
            assertThat(
                    Pictures.psnrBgr(
                        picture, 0, reference, (ours + 1) * frameBytes, width * height))
                .isLessThan(35);
          }
          worst =
              Math.min(
                  worst,
                  Pictures.psnrBgr(picture, 0, reference, ours * frameBytes, width * height));
          ours++;
        }
      }
    }
    assertThat(ours).isEqualTo(cliFrames);
    return worst;
  }

  @Test
  void decodesH265FromX265AndStartsAtTheFirstIrap() throws Exception {
    Environment.require(hasEncoder("libx265"), "SKIPPED: system ffmpeg has no libx265");
    Path file = dir.resolve("x265.h265");
    FfmpegCli.run(
        FfmpegCli.FFMPEG.toString(),
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=15",
        "-frames:v",
        "30",
        "-pix_fmt",
        "yuv420p",
        "-c:v",
        "libx265",
        "-x265-params",
        "keyint=10:min-keyint=10:bframes=0:aud=1:repeat-headers=1:log-level=error",
        "-f",
        "hevc",
        file.toString());
    List<AccessUnit> units =
        FfmpegCli.splitAtDelimiters(VideoCodec.H265, Files.readAllBytes(file), 15);
    assertThat(units).hasSize(30);
    assertThat(units.get(0).keyframe()).isTrue();

    byte[] reference =
        FfmpegCli.run(
            FfmpegCli.FFMPEG.toString(),
            "-v",
            "error",
            "-i",
            file.toString(),
            "-f",
            "rawvideo",
            "-pix_fmt",
            "bgra",
            "-");
    int frameBytes = 320 * 240 * 4;
    FrameBuffer buffer = new FrameBuffer(320, 240);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H265)) {
      for (int i = 0; i < units.size(); i++) {
        assertThat(decoder.decode(units.get(i), buffer))
            .as("unit %d", i)
            .isEqualTo(DecodeStatus.FRAME);
        assertThat(Pictures.psnrBgr(Pictures.copy(buffer), 0, reference, i * frameBytes, 320 * 240))
            .isGreaterThan(40);
      }
      assertThat(decoder.decodeErrors()).isZero();
    }

    try (StreamDecoder late = new StreamDecoder(VideoCodec.H265)) {
      for (int i = 3; i < 10; i++) {
        assertThat(late.decode(units.get(i), buffer)).isEqualTo(DecodeStatus.WAITING_FOR_KEYFRAME);
      }
      assertThat(units.get(10).keyframe()).isTrue();
      assertThat(late.decode(units.get(10), buffer)).isEqualTo(DecodeStatus.FRAME);
      assertThat(late.keyframeNeeded()).isFalse();
    }
  }

  @Test
  void decodesH264WithBFramesFromX264InBothDelayModes() throws Exception {
    Environment.require(hasEncoder("libx264"), "SKIPPED: system ffmpeg has no libx264");
    Path file = dir.resolve("x264.h264");
    FfmpegCli.run(
        FfmpegCli.FFMPEG.toString(),
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=15",
        "-frames:v",
        "30",
        "-pix_fmt",
        "yuv420p",
        "-c:v",
        "libx264",
        "-bf",
        "2",
        "-g",
        "15",
        "-x264-params",
        "aud=1:log-level=error",
        "-f",
        "h264",
        file.toString());
    List<AccessUnit> units =
        FfmpegCli.splitAtDelimiters(VideoCodec.H264, Files.readAllBytes(file), 15);
    assertThat(units).hasSize(30);

    for (boolean lowDelay : new boolean[] {false, true}) {
      try (StreamDecoder decoder =
          new StreamDecoder(VideoCodec.H264, DecoderOptions.defaults().withLowDelay(lowDelay))) {
        for (AccessUnit unit : units) {
          assertThat(decoder.send(unit)).isEqualTo(DecodeStatus.ACCEPTED);
          while (decoder.receive(null) == DecodeStatus.FRAME) {
            // counted by the decoder
          }
        }
        decoder.flush(null);
        assertThat(decoder.framesDecoded()).as("lowDelay %s", lowDelay).isEqualTo(30);
        assertThat(decoder.decodeErrors()).isZero();
      }
    }
  }

  private static boolean hasEncoder(String name) throws Exception {
    return FfmpegCli.runText(FfmpegCli.FFMPEG.toString(), "-hide_banner", "-encoders")
        .contains(" " + name + " ");
  }
}
