package io.peerwall.p2p.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.control.ControlMessage.KeyframeRequest;
import io.peerwall.p2p.control.ControlMessage.SelectStreams;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The control channel's set of streams and the per-stream keyframe request (decision 0037). */
class StreamsCodecTest {
  private static ControlMessage decode(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return ControlCodec.decode(b, b.length);
  }

  private static ControlMessage roundTrip(ControlMessage m) {
    byte[] b = ControlCodec.encode(m);
    return ControlCodec.decode(b, b.length);
  }

  @Test
  void aSetOfStreamsAndANamedKeyframeRoundTrip() {
    assertThat(roundTrip(new SelectStreams(4, List.of("main", "sub"))))
        .isEqualTo(new SelectStreams(4, List.of("main", "sub")));
    assertThat(roundTrip(new SelectStreams(5, List.of("sub"))))
        .isEqualTo(new SelectStreams(5, List.of("sub")));
    assertThat(roundTrip(new KeyframeRequest("sub"))).isEqualTo(new KeyframeRequest("sub"));
    assertThat(roundTrip(new KeyframeRequest())).isEqualTo(new KeyframeRequest(null));
    assertThat(new String(ControlCodec.encode(new KeyframeRequest()), StandardCharsets.UTF_8))
        .doesNotContain("stream");
    assertThat(decode("{\"type\":\"streams\",\"id\":1,\"list\":[\"sub\",\"main\"]}"))
        .isEqualTo(new SelectStreams(1, List.of("sub", "main")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"streams\",\"id\":1,\"list\":[]}",
        "{\"type\":\"streams\",\"id\":1,\"list\":[\"main\",\"main\"]}",
        "{\"type\":\"streams\",\"id\":1,\"list\":[\"main\",\"sub\",\"main\"]}",
        "{\"type\":\"streams\",\"id\":1,\"list\":[\"third\"]}",
        "{\"type\":\"streams\",\"id\":1,\"list\":[1]}",
        "{\"type\":\"streams\",\"id\":1,\"list\":\"main\"}",
        "{\"type\":\"streams\",\"id\":1}",
        "{\"type\":\"streams\",\"id\":1,\"list\":[\"main\"],\"extra\":0}",
        "{\"type\":\"streams\",\"list\":[\"main\"]}",
        "{\"type\":\"stream\",\"id\":1,\"stream\":\"sub\"}",
        "{\"type\":\"keyframe\",\"stream\":\"third\"}",
        "{\"type\":\"keyframe\",\"stream\":null}",
        "{\"type\":\"keyframe\",\"stream\":[\"sub\"]}"
      })
  void malformedSetsAndKeyframeRequestsAreRefused(String json) {
    assertThatThrownBy(() -> decode(json)).isInstanceOf(IllegalArgumentException.class);
  }
}
