package io.peerwall.p2p.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "a factory password was tried" audit fact: counted, dated, persisted, never the password. */
class BlocklistedAttemptAuditTest {
  @TempDir Path dir;

  @Test
  void aBlocklistedPasswordIsRefusedCountedAndKeptAcrossARestartWithoutThePassword()
      throws Exception {
    CameraCredentials c = CameraCredentials.open(dir);
    long before = System.currentTimeMillis();
    for (String factory : List.of("xmhdipc", "Hikvision")) {
      assertThatThrownBy(() -> c.setPassword(factory.toCharArray(), List.of("Porch")))
          .isInstanceOfSatisfying(
              WeakPasswordException.class, e -> assertThat(e.verdict().blocklisted()).isTrue());
    }
    // Refused for another reason: not counted.
    assertThatThrownBy(() -> c.setPassword("short1".toCharArray(), List.of("Porch")))
        .isInstanceOf(WeakPasswordException.class);
    assertThat(c.pairable()).isFalse();

    CameraPairingStore.Audit a = CameraCredentials.open(dir).store().audit();
    assertThat(a.blocklistedAttempts()).isEqualTo(2);
    assertThat(a.lastBlocklistedMillis()).isGreaterThanOrEqualTo(before);
    String onDisk = Files.readString(dir.resolve(CameraPairingStore.FILE));
    assertThat(onDisk).contains("\"blocklistedAttempts\" : 2");
    assertThat(onDisk.toLowerCase()).doesNotContain("xmhdipc").doesNotContain("hikvision");
  }

  @Test
  void aPairingFileFromBeforeThisFactReadsAsNeverTried() throws Exception {
    Files.writeString(
        dir.resolve(CameraPairingStore.FILE),
        "{\"version\":1,\"stations\":[],\"audit\":{\"failedAttempts\":2,\"lockouts\":0,"
            + "\"lockedUntil\":0,\"lastFailureAt\":5}}");
    CameraPairingStore.Audit a = CameraPairingStore.open(dir).audit();
    assertThat(a.failedAttempts()).isEqualTo(2);
    assertThat(a.blocklistedAttempts()).isZero();
    assertThat(a.lastBlocklistedMillis()).isZero();
  }
}
