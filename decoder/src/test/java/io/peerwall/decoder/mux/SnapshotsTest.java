package io.peerwall.decoder.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.TestPatternPainter;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotsTest {

  @TempDir Path dir;

  @Test
  void aRecordingGivesTheFullSizePictureAtAGivenTime() throws Exception {
    List<SegmentSummary> segments = Recordings.record(Recordings.stream(120), dir, 4);
    List<RecordedSegment> recorded =
        segments.stream().map(SegmentSummary::toRecordedSegment).toList();
    // 5.5 s + a bit: frame 82 (5.4667 s) is the last at or before 5.5 s.
    FrameBuffer picture = Snapshots.decodeAt(recorded, Recordings.BASE_EPOCH_MICROS + 5_500_000);
    assertThat(picture.width()).isEqualTo(640);
    assertThat(picture.height()).isEqualTo(360);
    TestPatternPainter painter = new TestPatternPainter("Front Door", 640, 360, 15);
    int frameInClip = 82 % 60;
    Rectangle block = painter.movingBlock(frameInClip);
    assertThat(meanLuma(picture, block)).isGreaterThan(200);

    Path png = dir.resolve("shot.png");
    Path jpeg = dir.resolve("shot.jpg");
    Snapshots.write(picture, png);
    Snapshots.captureAt(recorded, Recordings.BASE_EPOCH_MICROS + 5_500_000, jpeg);
    BufferedImage fromPng = ImageIO.read(png.toFile());
    BufferedImage fromJpeg = ImageIO.read(jpeg.toFile());
    assertThat(fromPng.getWidth()).isEqualTo(640);
    assertThat(fromJpeg.getHeight()).isEqualTo(360);
    // PNG is lossless: every pixel as decoded.
    for (int y = 0; y < 360; y += 7) {
      for (int x = 0; x < 640; x += 7) {
        assertThat(fromPng.getRGB(x, y) & 0xffffff).isEqualTo(picture.argbAt(x, y) & 0xffffff);
      }
    }
    int centerX = block.x + block.width / 2;
    int centerY = block.y + block.height / 2;
    assertThat(fromJpeg.getRGB(centerX, centerY) & 0xff).isGreaterThan(200);
  }

  @Test
  void badNamesAndEmptyBuffersAreRejected() {
    assertThatThrownBy(() -> Snapshots.write(new FrameBuffer(16, 16), dir.resolve("a.png")))
        .hasMessageContaining("no picture");
    assertThatThrownBy(() -> Snapshots.ImageFormat.of(dir.resolve("a.gif")))
        .hasMessageContaining(".jpg, .jpeg or .png");
  }

  private static double meanLuma(FrameBuffer buffer, Rectangle r) {
    double sum = 0;
    int n = 0;
    for (int y = r.y + 2; y < r.y + r.height - 2; y++) {
      for (int x = r.x + 2; x < r.x + r.width - 2; x++) {
        int argb = buffer.argbAt(x, y);
        sum += 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff) + 0.114 * (argb & 0xff);
        n++;
      }
    }
    return sum / n;
  }
}
