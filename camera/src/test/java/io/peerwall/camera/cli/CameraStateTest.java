package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera's state on disk: crash safety, damaged files, local management commands. */
class CameraStateTest {
  private static final String STRONG = "orchid-lantern-seventy-drifts";
  private static final String OTHER = "walnut-glacier-puffin-tango-meadow";
  @TempDir Path data;
  private String cameraId;

  private Path dir() {
    return data.resolve("camera/front-door");
  }

  private CameraCli.Result cli(String stdin, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--data-dir";
    all[args.length + 1] = data.toString();
    all[args.length + 2] = "--name";
    all[args.length + 3] = "Front door";
    return CameraCli.run(stdin, all);
  }

  @BeforeEach
  void init() {
    CameraCli.Result r = cli(STRONG + "\n" + STRONG + "\n", "init");
    assertThat(r.exitCode()).as(r.err()).isZero();
    cameraId = CameraInitCommandTest.id(r.out());
  }

  @Test
  void identityAndVerifierSurviveACrashDuringAWrite() throws Exception {
    byte[] key = Files.readAllBytes(dir().resolve(Identity.KEY_FILE));
    byte[] pairing = Files.readAllBytes(dir().resolve(CameraPairingStore.FILE));
    // A crash mid-write leaves a half-written temporary file next to the real ones (writes go to
    // NAME.tmp, are fsynced, then renamed over NAME): the real files are untouched.
    Files.write(dir().resolve(Identity.KEY_FILE + ".tmp"), new byte[] {'M', 'I', 'I'});
    Files.write(
        dir().resolve(CameraPairingStore.FILE + ".tmp"), "{\"version\":1,\"pass".getBytes());
    CameraCredentials c = CameraCredentials.open(dir());
    assertThat(c.cameraId()).isEqualTo(cameraId);
    assertThat(c.store().verifier().matches(cameraId, STRONG.toCharArray())).isTrue();
    // The next write replaces the leftover and keeps the old content until the rename.
    CameraCli.Result r = cli(OTHER + "\n" + OTHER + "\n", "passwd");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(dir().resolve(Identity.KEY_FILE))).isEqualTo(key);
    assertThat(Files.readAllBytes(dir().resolve(CameraPairingStore.FILE))).isNotEqualTo(pairing);
    assertThat(
            CameraCredentials.open(dir()).store().verifier().matches(cameraId, OTHER.toCharArray()))
        .isTrue();
  }

  @Test
  void aRefusedPasswordLeavesTheOldOneInForce() throws Exception {
    CameraCli.Result r = cli("12345\n12345\n", "passwd");
    assertThat(r.exitCode()).isEqualTo(15);
    // 12345 is a factory default: the attempt is in the audit (count and date, not the password).
    assertThat(cli("", "status", "--json").out()).contains("\"blocklistedAttempts\":1");
    assertThat(cli("", "status").out()).contains("factory/blocklisted password tried: 1 time(s)");
    assertThat(
            CameraCredentials.open(dir())
                .store()
                .verifier()
                .matches(cameraId, STRONG.toCharArray()))
        .isTrue();
  }

  @Test
  void aCorruptedConfigIsReportedWithItsPathAndNothingIsLost() throws Exception {
    Files.writeString(dir().resolve("camera.json"), "{\"name\": \"Front door\", \"port\": ");
    CameraCli.Result r = cli("", "status");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("camera.json").contains("damaged");
    Files.writeString(
        dir().resolve("camera.json"),
        "{\"name\":\"Front door\",\"port\":99999,\"bind\":\"127.0.0.1\",\"maxStations\":8}");
    r = cli("", "status");
    assertThat(r.err()).contains("invalid").contains("port must be 0 to 65535");
    assertThat(CameraCredentials.open(dir()).cameraId()).isEqualTo(cameraId);
  }

  @Test
  void aDamagedPairingFileIsReportedNotReplaced() throws Exception {
    Files.writeString(dir().resolve(CameraPairingStore.FILE), "{not json");
    CameraCli.Result r = cli("", "status");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("pairing.json").contains("damaged");
    assertThat(Files.readString(dir().resolve(CameraPairingStore.FILE))).isEqualTo("{not json");
  }

  @Test
  void statusShowsIdPasswordFactsAndNoSecret() {
    CameraCli.Result r = cli("", "status", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(cameraId)
        .contains("\"strength\":\"strong\"")
        .contains("\"failedAttempts\":0")
        .contains("\"blocklistedAttempts\":0")
        .contains("\"serving\":false")
        .doesNotContain(STRONG);
    assertThat(cli("", "status").out()).contains("password: set").contains("not serving now");
  }

  @Test
  void unpairOfAnUnknownStationSaysSo() {
    CameraCli.Result r = cli("", "unpair", "NOPE-NOPE");
    assertThat(r.exitCode()).isEqualTo(14);
    assertThat(r.err()).contains("no paired station 'NOPE-NOPE'");
  }

  @Test
  void managementCommandsNeedAnInitialisedCamera() {
    CameraCli.Result r =
        CameraCli.run("", "status", "--data-dir", data.toString(), "--name", "Back yard");
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).contains("camera init");
  }
}
