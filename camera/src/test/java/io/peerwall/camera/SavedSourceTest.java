package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.identity.Identity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code source.json}: credentials sealed at rest, round trip, tampering detected. */
class SavedSourceTest {
  private static final String PASSWORD = "Tr0ub4dor-and-3";
  private static final String MAIN = "rtsp://admin:" + PASSWORD + "@10.0.0.5:554/Streaming/101";
  private static final String SUB = "rtsp://cam.local/live?user=viewer&password=" + PASSWORD;
  @TempDir Path dir;
  private final Identity identity = Identity.generate();

  private Path file() {
    return dir.resolve(SavedSource.FILE);
  }

  @Test
  void roundTripKeepsTheSpecsAndTheFileHoldsNoPasswordBytes() throws Exception {
    SavedSource.save(dir, identity, new SavedSource.Specs(MAIN, SUB));

    assertThat(SavedSource.load(dir, identity)).isEqualTo(new SavedSource.Specs(MAIN, SUB));
    byte[] onDisk = Files.readAllBytes(file());
    String text = new String(onDisk, StandardCharsets.ISO_8859_1);
    assertThat(text)
        .doesNotContain(PASSWORD)
        .doesNotContain("admin")
        .doesNotContain("viewer")
        .doesNotContain(Base64.getEncoder().encodeToString(PASSWORD.getBytes()))
        .contains("rtsp://***@10.0.0.5:554/Streaming/101")
        .contains("AES-256-GCM");
    assertThat(SavedSource.shown(dir).main()).isEqualTo("rtsp://***@10.0.0.5:554/Streaming/101");
    assertThat(SavedSource.load(dir, identity).toString()).doesNotContain(PASSWORD);
    assertThat(Files.getPosixFilePermissions(file()))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void aSpecWithoutSecretIsStoredAsItIs() throws Exception {
    SavedSource.save(dir, identity, new SavedSource.Specs("testpattern:320x180@10", null));
    assertThat(Files.readString(file())).contains("\"spec\" : \"testpattern:320x180@10\"");
    assertThat(SavedSource.load(dir, identity))
        .isEqualTo(new SavedSource.Specs("testpattern:320x180@10", null));
  }

  @Test
  void aTamperedCiphertextIsAClearErrorAndTheFileIsKept() throws Exception {
    SavedSource.save(dir, identity, new SavedSource.Specs(MAIN, null));
    String json = Files.readString(file());
    String sealed = json.replaceAll("(?s).*\"sealed\" : \"([^\"]+)\".*", "$1");
    byte[] ct = Base64.getDecoder().decode(sealed);
    ct[3] ^= 1;
    String tampered = json.replace(sealed, Base64.getEncoder().encodeToString(ct));
    Files.writeString(file(), tampered);

    assertThatThrownBy(() -> SavedSource.load(dir, identity))
        .isInstanceOf(SavedSource.UnreadableException.class)
        .hasMessageContaining("cannot be decrypted")
        .hasMessageContaining("camera source set");
    assertThat(Files.readString(file())).isEqualTo(tampered);
  }

  @Test
  void movingTheSealedCredentialsToAnotherHostFailsAuthentication() throws Exception {
    SavedSource.save(dir, identity, new SavedSource.Specs(MAIN, null));
    Files.writeString(file(), Files.readString(file()).replace("10.0.0.5:554", "evil.example:554"));
    assertThatThrownBy(() -> SavedSource.load(dir, identity))
        .isInstanceOf(SavedSource.UnreadableException.class)
        .hasMessageContaining("cannot be decrypted");
  }

  @Test
  void anotherIdentityCannotUnsealIt() throws Exception {
    SavedSource.save(dir, identity, new SavedSource.Specs(MAIN, null));
    assertThatThrownBy(() -> SavedSource.load(dir, Identity.generate()))
        .isInstanceOf(SavedSource.UnreadableException.class)
        .hasMessageContaining("another camera identity");
  }

  @Test
  void aDamagedFileIsReportedWithItsPath() throws Exception {
    Files.writeString(file(), "{\"version\":1,\"main\":");
    assertThatThrownBy(() -> SavedSource.load(dir, identity))
        .isInstanceOf(SavedSource.UnreadableException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("damaged");
    assertThat(SavedSource.clear(dir)).isTrue();
    assertThat(SavedSource.load(dir, identity)).isNull();
  }
}
