package io.peerwall.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.p2p.media.MediaConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code bench session} runs real sessions and ends with one JSON line holding every figure.
 * Whether the figures meet the targets is the benchmark's report (docs/benchmarks.md), not
 * a unit test's: on a loaded CI machine timings are not a verdict on the code.
 */
@Timeout(120)
class SessionBenchCommandTest {
  @Test
  void benchmarkReportsEveryFigure() throws Exception {
    SessionBenchCommand cmd = new SessionBenchCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(new CommandLine(cmd).execute("--runs", "3", "--sessions", "4")).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    System.out.println(String.join("\n", lines));
    JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
    // Pairing includes Argon2id (64 MiB, 3 passes): it cannot take under a millisecond.
    assertThat(j.get("pairingMs").asDouble()).isGreaterThan(1.0);
    assertThat(j.get("firstFrameMs").asDouble()).isPositive();
    // Camera back -> live includes the connect of the attempt that went live.
    assertThat(j.get("reconnectMs").asDouble())
        .isGreaterThanOrEqualTo(j.get("reconnectConnectMs").asDouble());
    assertThat(j.get("reconnectConnectMs").asDouble()).isPositive();
    assertThat(j.get("killedRestartMs").asDouble())
        .isGreaterThanOrEqualTo(j.get("killedRestartConnectMs").asDouble());
    assertThat(j.get("killedRestartConnectMs").asDouble()).isPositive();
    assertThat(j.get("srtpRtpCpuPercentAt4Mbps").asDouble()).isPositive();
    assertThat(j.get("memoryPerSessionMb").asDouble()).isPositive();
    // The throttle is deterministic (simulated clock): 1000 guesses cost at least hours.
    assertThat(j.get("hoursFor1000WrongGuesses").asDouble()).isGreaterThan(2.0);
  }

  /**
   * A station whose RTP settings disagree with the camera's (another payload type) gets sessions
   * that never deliver a frame: the benchmark fails and says so, rather than reporting the wait as
   * a time to first frame.
   */
  @Test
  void aSessionThatNeverDeliversAFrameFailsTheBenchmark() {
    SessionBenchCommand cmd = new SessionBenchCommand();
    MediaConfig d = MediaConfig.defaults();
    cmd.stationMedia =
        new MediaConfig(
            d.mtu(),
            98,
            99,
            d.captureTimeExtensionId(),
            d.limits(),
            d.frameQueueCapacity(),
            d.rtcpInterval(),
            d.keyframeRequestInterval(),
            d.waitForKeyframe());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(cmd)
            .setErr(new PrintWriter(err, true))
            .execute("--runs", "1", "--sessions", "1");
    assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isNotZero();
    assertThat(err.toString()).contains("delivered no frame within 5 s");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("firstFrameMs");
  }
}
