package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.pairing.CameraCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraInitCommandTest {
  private static final String STRONG = "orchid-lantern-seventy-drifts";
  @TempDir Path data;

  private CameraCli.Result init(String stdin) {
    return CameraCli.run(stdin, "init", "--data-dir", data.toString(), "--name", "Front door");
  }

  private Path dir() {
    return data.resolve("camera/front-door");
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource({
    "xmhdipc, blocklisted",
    "888888, blocklisted",
    "juantech, blocklisted",
    "Admin, blocklisted",
    "short1!, too-short",
    "Front door 2024, fair",
    "passwordpassword, weak",
  })
  void refusesEachClassOfBadPasswordWithTheReasonAndASuggestion(String pw, String verdict) {
    CameraCli.Result r = init(pw + "\n" + pw + "\n");

    assertThat(r.exitCode()).isEqualTo(ExitCode.WEAK_PASSWORD);
    assertThat(r.err()).contains("refuses this password (" + verdict + ")");
    Matcher m = Pattern.compile("A strong password, for example: (\\S+)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    // The suggestion itself passes the same policy.
    String suggestion = m.group(1);
    assertThat(init(suggestion + "\n" + suggestion + "\n").exitCode()).isZero();
  }

  @Test
  void aFactoryPasswordTriedAtInitIsRecordedInTheAuditAndShownByStatus() throws Exception {
    assertThat(init("xmhdipc\nxmhdipc\n").exitCode()).isEqualTo(ExitCode.WEAK_PASSWORD);
    assertThat(init("Front door 2024\nFront door 2024\n").exitCode())
        .isEqualTo(ExitCode.WEAK_PASSWORD); // weak, not blocklisted: not counted
    assertThat(init(STRONG + "\n" + STRONG + "\n").exitCode()).isZero();

    assertThat(CameraCredentials.open(dir()).store().audit().blocklistedAttempts()).isEqualTo(1);
    CameraCli.Result s =
        CameraCli.run(
            "", "status", "--json", "--data-dir", data.toString(), "--name", "Front door");
    assertThat(s.out()).contains("\"blocklistedAttempts\":1").contains("lastBlocklistedAttempt");
    CameraCli.Result text =
        CameraCli.run("", "status", "--data-dir", data.toString(), "--name", "Front door");
    assertThat(text.out()).contains("factory/blocklisted password tried: 1 time(s), last 20");
    for (Path f : Files.list(dir()).toList()) {
      assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain("xmhdipc");
    }
  }

  @Test
  void acceptsAStrongPasswordAndStoresOnlyItsVerifier() throws Exception {
    CameraCli.Result r = init(STRONG + "\n" + STRONG + "\n");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Camera ID: ").contains("strong");
    assertThat(dir().resolve("camera-id.png")).isNotEmptyFile();
    assertThat(dir().resolve("camera.json")).isNotEmptyFile();
    for (Path f : Files.list(dir()).toList()) {
      assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(STRONG);
    }
    assertThat(CameraCredentials.open(dir()).store().verifier().setAtMillis()).isPositive();
    Path log = data.resolve("logs").resolve("peerwall.log");
    if (Files.exists(log)) {
      assertThat(Files.readString(log)).doesNotContain(STRONG);
    }
  }

  @Test
  void refusesTwoDifferentEntries() {
    CameraCli.Result r = init(STRONG + "\n" + STRONG + "x\n");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("differ");
  }

  @Test
  void readsThePasswordFileAndKeepsTheIdentityOnASecondInit() throws Exception {
    Path pw = data.resolve("pw.txt");
    Files.writeString(pw, STRONG + "\n");
    CameraCli.Result first =
        CameraCli.run(
            "",
            "init",
            "--data-dir",
            data.toString(),
            "--name",
            "Front door",
            "--password-file",
            pw.toString());
    CameraCli.Result second = init("");
    assertThat(first.exitCode()).isZero();
    assertThat(second.exitCode()).isZero();
    assertThat(second.out()).contains("already has a password");
    assertThat(id(second.out())).isEqualTo(id(first.out()));
  }

  static String id(String out) {
    Matcher m = Pattern.compile("Camera ID: (\\S+)").matcher(out);
    return m.find() ? m.group(1) : null;
  }
}
