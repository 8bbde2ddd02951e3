package io.peerwall.desktop.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code bench session} runs, ends with one JSON line, and meets the targets. */
@Timeout(120)
class SessionBenchCommandTest {
  @Test
  void benchmarkMeetsTheTargets() throws Exception {
    SessionBenchCommand cmd = new SessionBenchCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    assertThat(new CommandLine(cmd).execute("--runs", "3", "--sessions", "4")).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    System.out.println(String.join("\n", lines));
    JsonNode j = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertThat(j.get("pairingMs").asDouble()).isBetween(1.0, 2000.0);
    assertThat(j.get("firstFrameMs").asDouble()).isBetween(1.0, 1000.0);
    assertThat(j.get("reconnectMs").asDouble()).isBetween(1.0, 3000.0);
    assertThat(j.get("srtpRtpCpuPercentAt4Mbps").asDouble()).isLessThan(2.0);
    assertThat(j.get("memoryPerSessionMb").asDouble()).isLessThan(20.0);
    assertThat(j.get("hoursFor1000WrongGuesses").asDouble()).isGreaterThan(2.0);
  }
}
