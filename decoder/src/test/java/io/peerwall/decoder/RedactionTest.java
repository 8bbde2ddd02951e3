package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {

  @Test
  void userInfoIsMasked() {
    assertThat(Redaction.redact("rtsp://admin:s3cret@10.0.0.5:554/stream1"))
        .isEqualTo("rtsp://***@10.0.0.5:554/stream1");
    assertThat(Redaction.redact("failed: rtsps://bob@cam.local/x and more"))
        .isEqualTo("failed: rtsps://***@cam.local/x and more");
    // An unencoded '@' in the password must not leave a piece of it behind.
    assertThat(Redaction.redact("rtsp://admin:p@ss@cam/s")).isEqualTo("rtsp://***@cam/s");
  }

  @Test
  void secretParametersAreMasked() {
    assertThat(Redaction.redact("rtsp://cam/live?user=admin&password=hunter2&channel=1"))
        .isEqualTo("rtsp://cam/live?user=***&password=***&channel=1");
    assertThat(Redaction.redact("rtsp://cam:554/user=admin_password=tlJwpbo6_channel=1.sdp"))
        .doesNotContain("tlJwpbo6")
        .doesNotContain("admin");
    assertThat(Redaction.redact("rtsp://cam/x?pwd=a&apikey=b"))
        .doesNotContain("=a")
        .doesNotContain("=b");
  }

  @Test
  void harmlessTextIsUnchanged() {
    String text = "rtsp://10.0.0.5/Streaming/Channels/101?transportmode=unicast";
    assertThat(Redaction.redact(text)).isEqualTo(text);
    assertThat(Redaction.redact("")).isEmpty();
    assertThat(Redaction.redact(null)).isNull();
  }
}
