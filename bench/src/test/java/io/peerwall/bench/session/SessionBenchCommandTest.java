package io.peerwall.bench.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
    assertThat(j.get("reconnectMs").asDouble()).isPositive();
    assertThat(j.get("srtpRtpCpuPercentAt4Mbps").asDouble()).isPositive();
    assertThat(j.get("memoryPerSessionMb").asDouble()).isPositive();
    // The throttle is deterministic (simulated clock): 1000 guesses cost at least hours.
    assertThat(j.get("hoursFor1000WrongGuesses").asDouble()).isGreaterThan(2.0);
  }
}
