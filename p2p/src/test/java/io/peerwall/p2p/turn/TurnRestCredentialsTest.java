package io.peerwall.p2p.turn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnRestCredentialsTest {
  private static final InetSocketAddress TURN = new InetSocketAddress("203.0.113.5", 3478);

  private static Path secretFile(Path dir, String content, String mode) throws IOException {
    Path f = dir.resolve("turn-secret");
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void usernameIsExpiryAndIdAndPasswordIsCoturnsHmac(@TempDir Path dir) throws IOException {
    // Known answer computed independently (Python: base64(hmac.new(secret, user, sha1))).
    try (TurnSecret secret =
        TurnSecret.load(secretFile(dir, "north-wind-0123456789\n", "rw-------"))) {
      TurnServer t =
          TurnRestCredentials.issue(
              secret, TURN, "K7QD-3M9W", Instant.ofEpochSecond(1_700_000_000), Duration.ofHours(1));
      assertThat(t.username()).isEqualTo("1700003600:K7QD-3M9W");
      assertThat(t.password()).isEqualTo("n/4AIR9abwRDyh18a+VLxR+J35c=");
      assertThat(t.expires()).isEqualTo(Instant.ofEpochSecond(1_700_003_600));
      assertThat(t.toString()).doesNotContain(t.password()).contains("<redacted>");
      assertThat(secret.toString()).doesNotContain("north");
    }
  }

  @Test
  void aSecretFileOthersCanReadIsRefusedWithTheFix(@TempDir Path dir) throws IOException {
    Path f = secretFile(dir, "north-wind-0123456789", "rw-r--r--");
    assertThatThrownBy(() -> TurnSecret.load(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("may be read or run by others")
        .hasMessageContaining("chmod 600 " + f);
  }

  @Test
  void badSecretFilesAreRefusedWithWhatIsWrong(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> TurnSecret.load(dir.resolve("missing")))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> TurnSecret.load(secretFile(dir, "short\n", "rw-------")))
        .hasMessageContaining("shorter than 16");
    assertThatThrownBy(
            () -> TurnSecret.load(secretFile(dir, "two words secret value", "rw-------")))
        .hasMessageContaining("spaces or control characters");
    Path big = dir.resolve("big");
    Files.write(big, new byte[TurnSecret.MAX_BYTES + 1]);
    Identity.restrict(big, false);
    assertThatThrownBy(() -> TurnSecret.load(big)).hasMessageContaining("larger than");
    Path real = secretFile(dir, "north-wind-0123456789", "rw-------");
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    assertThatThrownBy(() -> TurnSecret.load(link)).hasMessageContaining("not a plain file");
  }

  @Test
  void aClosedSecretNoLongerMatchesTheServers(@TempDir Path dir) throws IOException {
    TurnSecret s = TurnSecret.of("north-wind-0123456789".getBytes(StandardCharsets.UTF_8));
    String before = TurnRestCredentials.password(s, "1:x");
    s.close();
    assertThat(TurnRestCredentials.password(s, "1:x")).isNotEqualTo(before);
  }

  @Test
  void lifetimeAndIdAreChecked() {
    TurnSecret s = TurnSecret.of(new byte[16]);
    Instant now = Instant.now();
    assertThatThrownBy(() -> TurnRestCredentials.issue(s, TURN, "A", now, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TurnRestCredentials.issue(s, TURN, "A", now, Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TurnRestCredentials.issue(s, TURN, "A:B", now, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
