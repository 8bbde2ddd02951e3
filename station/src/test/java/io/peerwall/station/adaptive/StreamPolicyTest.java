package io.peerwall.station.adaptive;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamPolicyTest {
  private static final StreamControl BOTH =
      new StreamControl() {
        public boolean offers(StreamChoice s) {
          return true;
        }

        public int announcedHeight(StreamChoice s) {
          return s == StreamChoice.SUB ? 180 : 360;
        }

        public void start(StreamChoice s) {}

        public void stop(StreamChoice s) {}

        public void requestKeyframe(StreamChoice s) {}
      };

  @Test
  void smallTilesTakeTheSubStreamWithABandAgainstFlapping() {
    assertThat(StreamPolicy.choose(StreamChoice.MAIN, 180, BOTH)).isEqualTo(StreamChoice.SUB);
    assertThat(StreamPolicy.choose(StreamChoice.MAIN, 200, BOTH)).isEqualTo(StreamChoice.MAIN);
    assertThat(StreamPolicy.choose(StreamChoice.SUB, 200, BOTH)).isEqualTo(StreamChoice.SUB);
    assertThat(StreamPolicy.choose(StreamChoice.SUB, 226, BOTH)).isEqualTo(StreamChoice.MAIN);
    assertThat(StreamPolicy.choose(StreamChoice.SUB, 90, StreamControl.mainOnly(() -> {})))
        .isEqualTo(StreamChoice.MAIN);
  }
}
