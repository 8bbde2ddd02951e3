package io.peerwall.decoder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.MediaClock;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.SourceState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Webcams are rarely present on a build machine; what can always be checked are the errors. */
class V4l2SourceTest {

  @Test
  void anAbsentWebcamIsNamedWithAHint() {
    V4l2Source source = webcam("/dev/video-peerwall-absent");
    assertThatThrownBy(() -> source.start(unit -> {}))
        .isInstanceOf(SourceException.class)
        .hasMessage(
            "cannot open webcam /dev/video-peerwall-absent: no such device (is the webcam plugged"
                + " in? see ls /dev/video*)");
    assertThat(source.health().state()).isEqualTo(SourceState.FAILED);
  }

  @Test
  void aDeviceThatIsNotACameraIsRefusedClearly() {
    V4l2Source source = webcam("/dev/null");
    assertThatThrownBy(() -> source.start(unit -> {}))
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("cannot open webcam /dev/null: not a video capture device");
  }

  private static V4l2Source webcam(String device) {
    return new V4l2Source("Desk", Path.of(device), 640, 480, 15, 500_000, 15, MediaClock.system());
  }
}
