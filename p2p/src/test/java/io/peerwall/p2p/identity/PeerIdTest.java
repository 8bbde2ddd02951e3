package io.peerwall.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerIdTest {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  @Test
  void idIsGroupedChecksummedAndAtLeast128Bits() {
    Identity id = Identity.generate();
    String s = id.id();
    assertThat(s).matches("([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{3}");
    assertThat(s.replace("-", "")).hasSize(27);
    assertThat(PeerId.HASH_BITS).isGreaterThanOrEqualTo(128);
    assertThat(PeerId.parse(s)).isEqualTo(s);
    assertThat(PeerId.parse(s.toLowerCase().replace("-", " "))).isEqualTo(s);
    assertThat(PeerId.matches(s, id.publicIdentity().encoded())).isTrue();
    assertThat(PeerId.matches(s, Identity.generate().publicIdentity().encoded())).isFalse();
  }

  @Test
  void everySingleCharacterTypoAndAdjacentSwapIsCaught() {
    // Many identities: a check scheme can be blind to particular character pairs (Luhn mod 32 was).
    for (int n = 0; n < 200; n++) {
      assertEveryTypoAndSwapIsCaught(Identity.generate().id().replace("-", ""));
    }
  }

  private static void assertEveryTypoAndSwapIsCaught(String s) {
    int caught = 0;
    int tried = 0;
    for (int i = 0; i < s.length(); i++) {
      for (char c : ALPHABET.toCharArray()) {
        if (c == s.charAt(i)) {
          continue;
        }
        String typo = s.substring(0, i) + c + s.substring(i + 1);
        tried++;
        try {
          PeerId.parse(typo);
        } catch (IllegalArgumentException e) {
          caught++;
        }
      }
    }
    assertThat(caught).isEqualTo(tried);
    for (int i = 0; i + 1 < s.length(); i++) {
      if (s.charAt(i) == s.charAt(i + 1)) {
        continue;
      }
      String swapped = s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
      String t = swapped;
      assertThatThrownBy(() -> PeerId.parse(t))
          .as("swap at %d", i)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void lookAlikesAreReadAsWhatTheyMean() {
    String s = Identity.generate().id();
    String fuzzy = s.replace('0', 'O').replace('1', 'l');
    assertThat(PeerId.parse(fuzzy)).isEqualTo(s);
    assertThatThrownBy(() -> PeerId.parse("not-an-id"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeerId.parse(s + "0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PeerId.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identityIsStoredOwnerOnlyAndReloadsToTheSameId(@TempDir Path dir) throws Exception {
    Path d = dir.resolve("id");
    Identity a = Identity.loadOrCreate(d);
    Identity b = Identity.loadOrCreate(d);
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(d.resolve(Identity.KEY_FILE))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d)))
        .isEqualTo("rwx------");
    assertThat(a.toString()).isEqualTo("Identity[" + a.id() + "]");
    byte[] data = "hello".getBytes();
    assertThat(b.publicIdentity().verify(data, a.sign(data))).isTrue();
    assertThat(b.publicIdentity().verify("other".getBytes(), a.sign(data))).isFalse();
    Files.writeString(d.resolve(Identity.KEY_FILE), "garbage!!");
    assertThatThrownBy(() -> Identity.loadOrCreate(d)).hasMessageContaining("damaged");
  }

  @Test
  void wireKeysAreValidated() {
    assertThatThrownBy(() -> PublicIdentity.fromBase64("AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PublicIdentity.fromBase64("%%%"))
        .isInstanceOf(IllegalArgumentException.class);
    PublicIdentity p = Identity.generate().publicIdentity();
    assertThat(PublicIdentity.fromBase64(p.base64())).isEqualTo(p);
    assertThat(p.verify(new byte[1], new byte[200])).isFalse();
  }
}
