package io.peerwall.decoder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.VideoSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourceSpecTest {

  @Test
  void parsesEveryKind() {
    assertThat(SourceSpec.parse("testpattern")).isEqualTo(new SourceSpec.TestPattern(640, 360, 15));
    assertThat(SourceSpec.parse("testpattern:1280x720@30"))
        .isEqualTo(new SourceSpec.TestPattern(1280, 720, 30));
    assertThat(SourceSpec.parse("TestPattern:320x180"))
        .isEqualTo(new SourceSpec.TestPattern(320, 180, 15));
    assertThat(SourceSpec.parse("file:/srv/clips/door.mp4"))
        .isEqualTo(new SourceSpec.MediaFile(Path.of("/srv/clips/door.mp4")));
    assertThat(SourceSpec.parse("file:relative dir/a.mkv"))
        .isEqualTo(new SourceSpec.MediaFile(Path.of("relative dir/a.mkv")));
    assertThat(SourceSpec.parse("rtsp://admin:pw@10.0.0.5:554/stream1"))
        .isEqualTo(new SourceSpec.Rtsp("rtsp://admin:pw@10.0.0.5:554/stream1"));
    assertThat(SourceSpec.parse("v4l2:/dev/video2"))
        .isEqualTo(new SourceSpec.Webcam(Path.of("/dev/video2")));
  }

  @Test
  void credentialsNeverShow() {
    SourceSpec spec = SourceSpec.parse("rtsp://admin:hunter2@cam.local/live");
    assertThat(spec.toString()).doesNotContain("hunter2").doesNotContain("admin");
    assertThat(spec.describe()).isEqualTo("rtsp://***@cam.local/live");
    VideoSource source =
        Sources.create(spec, "Door", SourceSettings.defaults(), MediaClock.system());
    assertThat(source.toString()).doesNotContain("hunter2");
    assertThat(((RtspSource) source).description()).isEqualTo("rtsp://***@cam.local/live");
    assertThatThrownBy(() -> SourceSpec.parse("rtsp://admin:hunter2@/nohost"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> SourceSpec.parse("rstp://admin:hunter2@cam/typo"))
        .hasMessageContaining("unknown source")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void errorsSayWhatIsExpected() {
    assertThatThrownBy(() -> SourceSpec.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("testpattern[:WxH@FPS]");
    assertThatThrownBy(() -> SourceSpec.parse("camera9"))
        .hasMessageContaining("unknown source 'camera9'")
        .hasMessageContaining("file:PATH")
        .hasMessageContaining("v4l2:/dev/videoN");
    assertThatThrownBy(() -> SourceSpec.parse("testpattern:big"))
        .hasMessageContaining("testpattern:WxH@FPS");
    assertThatThrownBy(() -> SourceSpec.parse("testpattern:641x360@15"))
        .hasMessageContaining("even");
    assertThatThrownBy(() -> SourceSpec.parse("testpattern:640x360@500"))
        .hasMessageContaining("fps");
    assertThatThrownBy(() -> SourceSpec.parse("file:")).hasMessageContaining("file:PATH");
    assertThatThrownBy(() -> SourceSpec.parse("v4l2:video0"))
        .hasMessageContaining("v4l2:/dev/videoN");
    assertThatThrownBy(() -> SourceSpec.parse("rtsp://")).hasMessageContaining("invalid RTSP URL");
  }

  @Test
  void settingsPickABitrateFromTheSize() {
    SourceSettings settings = SourceSettings.defaults();
    assertThat(settings.bitrateFor(1280, 720, 30)).isEqualTo(2_764_800);
    assertThat(settings.bitrateFor(160, 90, 5)).isEqualTo(300_000);
    assertThat(settings.withBitrate(1_000_000).bitrateFor(1920, 1080, 30)).isEqualTo(1_000_000);
    assertThatThrownBy(() -> settings.withKeyframeInterval(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
