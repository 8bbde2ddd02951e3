package io.peerwall.p2p.sitekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.identity.Identity;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Carrying a site key from camera to camera through a station that cannot read it. */
class SiteKeyEnvelopeTest {
  private final Identity a = Identity.generate();
  private final Identity b = Identity.generate();
  private final Identity c = Identity.generate();
  private final SiteKey key = SiteKey.generate(8 * 1024, 1, 1, 1_700_000_000_000L);

  @Test
  void theRecipientOpensWhatTheSenderSealedAndGetsTheSameKey() {
    String envelope = SiteKeyEnvelope.seal(key, a, b.publicIdentity());
    SiteKey got = SiteKeyEnvelope.open(envelope, b, a.publicIdentity());
    assertThat(got).isEqualTo(key);
    assertThat(got.id()).isEqualTo(key.id()).hasSize(16);
    byte[] stretched = new byte[32];
    assertThat(got.reuseTag(stretched)).isEqualTo(key.reuseTag(stretched)).hasSize(6);
    assertThat(envelope.length()).isLessThanOrEqualTo(SiteKeyEnvelope.MAX_BASE64);
    // What the station relays shows neither the key nor the salt.
    byte[] raw = Base64.getDecoder().decode(envelope);
    assertThat(indexOf(raw, key.encode(), 16)).isNegative();
    assertThat(indexOf(raw, key.salt(), 16)).isNegative();
    // Two seals of one key differ (fresh HPKE encapsulation each time).
    assertThat(SiteKeyEnvelope.seal(key, a, b.publicIdentity())).isNotEqualTo(envelope);
  }

  @Test
  void anotherCameraOrAWrongSenderOrASwappedPartIsRefused() {
    String toB = SiteKeyEnvelope.seal(key, a, b.publicIdentity());
    assertThatThrownBy(() -> SiteKeyEnvelope.open(toB, c, a.publicIdentity()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not signed by camera " + a.id());
    assertThatThrownBy(() -> SiteKeyEnvelope.open(toB, b, c.publicIdentity()))
        .hasMessageContaining("not signed by camera " + c.id());
    // A relay that re-signs a sealed part as itself still cannot make B take its own key: it can
    // only seal a key it made (see docs), and a part sealed to B cannot be re-addressed to C.
    String toC = SiteKeyEnvelope.seal(key, a, c.publicIdentity());
    byte[] spliced = Base64.getDecoder().decode(toB);
    byte[] other = Base64.getDecoder().decode(toC);
    System.arraycopy(other, 1, spliced, 1, 65); // C's encapsulation into B's envelope
    assertThatThrownBy(
            () ->
                SiteKeyEnvelope.open(
                    Base64.getEncoder().encodeToString(spliced), b, a.publicIdentity()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SiteKeyEnvelope.seal(key, a, a.publicIdentity()))
        .hasMessageContaining("itself");
  }

  @Test
  void malformedEnvelopesAreRefusedWithAReason() {
    String good = SiteKeyEnvelope.seal(key, a, b.publicIdentity());
    for (String bad :
        new String[] {
          "", "not base64!", "AAAA", good.substring(0, good.length() / 2), "x".repeat(600), null
        }) {
      assertThatThrownBy(() -> SiteKeyEnvelope.open(bad, b, a.publicIdentity()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("site key envelope");
    }
    // Mutations: only the documented refusal, never another exception, never a different key.
    Random r = new Random(61);
    byte[] raw = Base64.getDecoder().decode(good);
    int opened = 0;
    for (int i = 0; i < 3000; i++) {
      byte[] m = raw.clone();
      int n = 1 + r.nextInt(3);
      for (int k = 0; k < n; k++) {
        m[r.nextInt(m.length)] ^= (byte) (1 + r.nextInt(255));
      }
      if (r.nextInt(4) == 0) {
        m = java.util.Arrays.copyOf(m, r.nextInt(m.length));
      }
      try {
        SiteKey got =
            SiteKeyEnvelope.open(Base64.getEncoder().encodeToString(m), b, a.publicIdentity());
        assertThat(got).isEqualTo(key);
        opened++;
      } catch (IllegalArgumentException e) {
        assertThat(e).hasMessageContaining("site key envelope");
      }
    }
    assertThat(opened).isZero();
  }

  private static int indexOf(byte[] hay, byte[] needle, int len) {
    outer:
    for (int i = 0; i + len <= hay.length; i++) {
      for (int j = 0; j < len; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
