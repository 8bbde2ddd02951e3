package io.peerwall.p2p.sitekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.identity.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site key at rest: sealed, owner-only, one per camera, a damaged file never stops it. */
class SiteKeyStoreTest {
  @TempDir Path dir;
  @TempDir Path otherDir;
  private final Identity camera = Identity.generate();
  private final SiteKey key = SiteKey.generate(8 * 1024, 1, 1, 1_700_000_000_000L);

  @Test
  void aKeyIsKeptSealedAndReadBackAfterARestart() throws Exception {
    SiteKeyStore s = SiteKeyStore.open(dir, camera);
    assertThat(s.key()).isNull();
    s.install(key);
    assertThat(SiteKeyStore.open(dir, camera).key()).isEqualTo(key);
    Path file = dir.resolve(SiteKeyStore.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String text = Files.readString(file);
    byte[] raw = key.encode();
    assertThat(text)
        .contains(key.id())
        .doesNotContain(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(raw, 32)))
        .doesNotContain(Base64.getEncoder().encodeToString(key.salt()));
  }

  @Test
  void aSecondKeyIsRefusedTheSameOneIsFineAndClearStartsOver() throws Exception {
    SiteKeyStore s = SiteKeyStore.open(dir, camera);
    s.install(key);
    s.install(key);
    SiteKey other = SiteKey.generate(8 * 1024, 1, 1, 1);
    assertThatThrownBy(() -> s.install(other))
        .isInstanceOf(SiteKeyStore.AlreadyHasKeyException.class)
        .hasMessageContaining(key.id());
    assertThat(SiteKeyStore.open(dir, camera).key()).isEqualTo(key);
    s.clear();
    assertThat(SiteKeyStore.open(dir, camera).key()).isNull();
    s.install(other);
    assertThat(SiteKeyStore.open(dir, camera).key()).isEqualTo(other);
  }

  @Test
  void aFileCopiedToAnotherCameraOrAlteredIsSetAsideAndTheCameraGoesOn() throws Exception {
    SiteKeyStore.open(dir, camera).install(key);
    Files.copy(dir.resolve(SiteKeyStore.FILE), otherDir.resolve(SiteKeyStore.FILE));
    SiteKeyStore copied = SiteKeyStore.open(otherDir, Identity.generate());
    assertThat(copied.key()).isNull();
    assertThat(otherDir.resolve(SiteKeyStore.FILE + ".damaged")).exists();
    assertThat(otherDir.resolve(SiteKeyStore.FILE)).doesNotExist();

    String text = Files.readString(dir.resolve(SiteKeyStore.FILE));
    Files.writeString(dir.resolve(SiteKeyStore.FILE), text.replace(key.id(), "0000000000000000"));
    assertThat(SiteKeyStore.open(dir, camera).key()).isNull();
    Files.writeString(dir.resolve(SiteKeyStore.FILE), "{ not json");
    SiteKeyStore afterGarbage = SiteKeyStore.open(dir, camera);
    assertThat(afterGarbage.key()).isNull();
    afterGarbage.install(key); // a new key can be taken again
    assertThat(SiteKeyStore.open(dir, camera).key()).isEqualTo(key);
  }
}
