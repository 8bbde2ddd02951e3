package io.peerwall.p2p.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.ice.TurnServer;
import org.junit.jupiter.api.Test;

/** Secrets sealed under an identity open only with it, for the same purpose and context. */
class SealedSecretTest {
  private final Identity owner = Identity.generate();

  @Test
  void opensWithTheSameIdentityPurposeAndContextOnly() throws Exception {
    String sealed = SealedSecret.seal(owner, "p", "turn a:1 u", "hunter2-long-password");
    assertThat(sealed).startsWith("v1.").doesNotContain("hunter2");
    assertThat(SealedSecret.open(owner, "p", "turn a:1 u", sealed))
        .isEqualTo("hunter2-long-password");
    assertThat(SealedSecret.seal(owner, "p", "turn a:1 u", "hunter2-long-password"))
        .as("a fresh nonce each time")
        .isNotEqualTo(sealed);
    assertThatThrownBy(() -> SealedSecret.open(Identity.generate(), "p", "turn a:1 u", sealed))
        .isInstanceOf(SealedSecret.UnreadableException.class)
        .hasMessageContaining("belongs to another identity");
    assertThatThrownBy(() -> SealedSecret.open(owner, "q", "turn a:1 u", sealed))
        .isInstanceOf(SealedSecret.UnreadableException.class);
    assertThatThrownBy(() -> SealedSecret.open(owner, "p", "turn b:1 u", sealed))
        .as("moved to another entry")
        .isInstanceOf(SealedSecret.UnreadableException.class);
  }

  @Test
  void damagedTextIsRefusedWithoutThrowingAnythingElse() {
    String sealed = SealedSecret.seal(owner, "p", "c", "secret");
    int dot = sealed.indexOf('.', 3);
    // The nonce, the start and the middle of the ciphertext (the last character of unpadded
    // base64 may carry unused bits, so it is left alone).
    for (int i : new int[] {0, 3, dot + 1, (dot + sealed.length()) / 2}) {
      char[] copy = sealed.toCharArray();
      copy[i] = copy[i] == 'A' ? 'B' : 'A';
      String bad = new String(copy);
      assertThatThrownBy(() -> SealedSecret.open(owner, "p", "c", bad))
          .isInstanceOf(SealedSecret.UnreadableException.class);
    }
    for (String bad : new String[] {null, "", "v1.", "v1..", "v1.a.b.c", "v2.AAAA.BBBB", "plain"}) {
      assertThatThrownBy(() -> SealedSecret.open(owner, "p", "c", bad))
          .isInstanceOf(SealedSecret.UnreadableException.class);
    }
  }

  @Test
  void aTurnServerKeepsItsPasswordSealedAndOpensForItsOwner() throws Exception {
    SealedTurnServer t = SealedTurnServer.seal(owner, "127.0.0.1:3478", "station", "turn-pass");
    assertThat(t.toString()).doesNotContain("turn-pass").doesNotContain(t.sealedPassword());
    TurnServer open = t.open(owner);
    assertThat(open.password()).isEqualTo("turn-pass");
    assertThat(open.where()).isEqualTo("127.0.0.1:3478");
    SealedTurnServer moved =
        new SealedTurnServer("127.0.0.2:3478", t.username(), t.sealedPassword());
    assertThatThrownBy(() -> moved.open(owner))
        .as("the sealed password sent to another server does not open")
        .isInstanceOf(SealedSecret.UnreadableException.class);
    assertThatThrownBy(() -> new SealedTurnServer("127.0.0.1:3478", "u", "in clear"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
