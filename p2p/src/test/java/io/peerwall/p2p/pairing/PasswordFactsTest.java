package io.peerwall.p2p.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.blocklist.BlocklistSource;
import io.peerwall.p2p.pairing.CameraCredentials.PolicyOverride;
import io.peerwall.p2p.pairing.PasswordAuditFacts.Origin;
import io.peerwall.p2p.pairing.PasswordAuditFacts.Reuse;
import io.peerwall.p2p.pairing.PasswordAuditFacts.Scan;
import io.peerwall.p2p.sitekey.SiteKey;
import io.peerwall.p2p.sitekey.SiteKeyEnvelope;
import io.peerwall.p2p.sitekey.SiteKeyStore;
import io.peerwall.p2p.testutil.TestPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password facts a camera keeps for the audit, with real keys, real Argon2id (the tests' cheap
 * settings, 8 MiB) and real files: set-time strength, refused defaults, reuse tags under a site key
 * shared camera to camera, and a verifier written as an older agent would have.
 */
class PasswordFactsTest {
  private static final String PW = TestPeers.PASSWORD;
  private static final String OTHER = "copper meadow wander eleven";
  @TempDir Path a;
  @TempDir Path b;

  private static CameraCredentials open(Path dir) throws Exception {
    return CameraCredentials.open(dir, TestPeers.FAST_ARGON);
  }

  @Test
  void aPasswordSetThroughThePolicyKeepsItsStrengthAndLengthAcrossARestart() throws Exception {
    CameraCredentials c = open(a);
    PasswordAuditFacts none = c.passwordFacts();
    assertThat(none.origin()).isEqualTo(Origin.UNSET);
    assertThat(none.reuse()).isEqualTo(Reuse.NO_SITE_KEY);
    PasswordPolicy.Verdict v = c.setPassword(PW.toCharArray(), List.of("Porch"));
    PasswordAuditFacts f = open(a).passwordFacts();
    assertThat(f.origin()).isEqualTo(Origin.CHECKED);
    assertThat(f.score()).isEqualTo(v.score()).isGreaterThanOrEqualTo(PasswordPolicy.MIN_SCORE);
    assertThat(f.length()).isEqualTo(PW.length());
    assertThat(f.setAtMillis()).isEqualTo(c.store().verifier().setAtMillis());
    assertThat(f.scan()).isEqualTo(Scan.NOT_NEEDED);
    assertThat(f.listed()).isNull();
    assertThat(f.reuse()).isEqualTo(Reuse.NO_SITE_KEY);
    assertThat(Files.readString(a.resolve(PasswordFactsStore.FILE))).doesNotContain(PW);
  }

  @Test
  void aRefusedDefaultIsRememberedByTheListThatNamedIt() throws Exception {
    CameraCredentials c = open(a);
    assertThatThrownBy(() -> c.setPassword("Admin256".toCharArray(), List.of()))
        .isInstanceOfSatisfying(
            WeakPasswordException.class,
            e -> {
              assertThat(e.verdict().blocklistMatch().label())
                  .isEqualTo("SecLists vendor default (Exacq)");
              assertThat(e.getMessage()).contains("blocklisted", "Exacq");
            });
    PasswordAuditFacts f = open(a).passwordFacts();
    assertThat(f.lastRefused().label()).isEqualTo("SecLists vendor default (Exacq)");
    assertThat(f.lastRefusedAtMillis()).isPositive();
    assertThat(c.store().audit().blocklistedAttempts()).isEqualTo(1);
    assertThat(c.pairable()).isFalse();
    assertThat(Files.readString(a.resolve(PasswordFactsStore.FILE)).toLowerCase())
        .doesNotContain("admin256");
  }

  @Test
  void equalPasswordsOnTwoCamerasOfASiteGiveEqualTagsAndTheStationCarriesOnlyAnEnvelope()
      throws Exception {
    CameraCredentials first = open(a);
    CameraCredentials second = open(b);
    first.setPassword(PW.toCharArray(), List.of());
    second.setPassword(PW.toCharArray(), List.of());
    SiteKey site = first.createSiteKey();
    assertThat(first.createSiteKey()).isEqualTo(site);
    // Set before the key: the camera never kept the password, so no tag yet.
    assertThat(first.passwordFacts().reuse()).isEqualTo(Reuse.PENDING);
    assertThat(first.passwordFacts().siteKeyId()).isEqualTo(site.id());

    String envelope = first.exportSiteKey(second.identity().publicIdentity(), "test");
    second.importSiteKey(first.identity().publicIdentity(), envelope);
    assertThat(open(b).siteKey()).isEqualTo(site); // kept sealed on disk
    assertThat(second.passwordFacts().reuse()).isEqualTo(Reuse.PENDING);

    first.setPassword(OTHER.toCharArray(), List.of());
    second.setPassword(OTHER.toCharArray(), List.of());
    PasswordAuditFacts fa = open(a).passwordFacts();
    PasswordAuditFacts fb = open(b).passwordFacts();
    assertThat(fa.reuse()).isEqualTo(Reuse.TAGGED);
    assertThat(fa.reuseTag()).matches("[0-9a-f]{6}").isEqualTo(fb.reuseTag());
    assertThat(fa.siteKeyId()).isEqualTo(fb.siteKeyId());

    second.setPassword(PW.toCharArray(), List.of());
    assertThat(second.passwordFacts().reuseTag()).isNotEqualTo(fa.reuseTag());
    assertThat(Files.readString(a.resolve(PasswordFactsStore.FILE))).doesNotContain(OTHER);
  }

  @Test
  void aCameraTakesOneSiteKeyOnlyFromAnEnvelopeSealedToItWithSaneSettings() throws Exception {
    CameraCredentials first = open(a);
    CameraCredentials second = open(b);
    CameraCredentials third = CameraCredentials.ephemeral();
    first.createSiteKey();
    String toThird = first.exportSiteKey(third.identity().publicIdentity(), "test");
    assertThatThrownBy(() -> second.importSiteKey(first.identity().publicIdentity(), toThird))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> second.exportSiteKey(first.identity().publicIdentity(), "test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no site key");
    // A key whose Argon2id settings would make every password change allocate 1 GiB.
    SiteKey greedy = SiteKey.generate(1024 * 1024, 1, 1, 1);
    String hostile =
        SiteKeyEnvelope.seal(greedy, third.identity(), second.identity().publicIdentity());
    assertThatThrownBy(() -> second.importSiteKey(third.identity().publicIdentity(), hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Argon2 memory");
    assertThat(second.siteKey()).isNull();
    // A second, different key is refused; the first stays.
    second.importSiteKey(
        first.identity().publicIdentity(),
        first.exportSiteKey(second.identity().publicIdentity(), "test"));
    second.clearSiteKey();
    assertThat(second.siteKey()).isNull();
    second.createSiteKey();
    assertThatThrownBy(
            () ->
                second.importSiteKey(
                    first.identity().publicIdentity(),
                    first.exportSiteKey(second.identity().publicIdentity(), "test")))
        .isInstanceOf(SiteKeyStore.AlreadyHasKeyException.class);
  }

  @Test
  void aFactoryPasswordWrittenAsAnOlderAgentWouldIsFoundByTryingTheListsAgainstTheVerifier()
      throws Exception {
    CameraCredentials c = open(a);
    c.setPassword("xmhdipc".toCharArray(), List.of(), PolicyOverride.WRITE_AS_OLDER_AGENT);
    assertThat(c.pairable()).isTrue();
    PasswordAuditFacts before = open(a).passwordFacts();
    assertThat(before.origin()).isEqualTo(Origin.LEGACY);
    assertThat(before.score()).isEqualTo(-1);
    assertThat(before.scan()).isEqualTo(Scan.PENDING);
    assertThat(open(a).needsVerifierScan()).isTrue();

    CameraCredentials restarted = open(a);
    assertThat(restarted.scanVerifier(() -> true)).isEqualTo(Scan.FOUND);
    PasswordAuditFacts after = open(a).passwordFacts();
    assertThat(after.scan()).isEqualTo(Scan.FOUND);
    assertThat(after.listed().list()).isEqualTo(BlocklistSource.MIRAI);
    assertThat(after.listed().label()).isEqualTo("Mirai botnet default");
    assertThat(after.listedAtMillis()).isPositive();
    assertThat(open(a).needsVerifierScan()).isFalse();

    // Fixed through the product's path: the finding goes with the old verifier.
    restarted.setPassword(PW.toCharArray(), List.of());
    PasswordAuditFacts fixed = open(a).passwordFacts();
    assertThat(fixed.origin()).isEqualTo(Origin.CHECKED);
    assertThat(fixed.listed()).isNull();
    assertThat(fixed.scan()).isEqualTo(Scan.NOT_NEEDED);
  }

  @Test
  void aLegacyPasswordOnNoListScansCleanAndAStoppedScanKeepsNothing() throws Exception {
    CameraCredentials c = open(a);
    c.setPassword(PW.toCharArray(), List.of(), PolicyOverride.WRITE_AS_OLDER_AGENT);
    AtomicInteger tries = new AtomicInteger();
    assertThat(c.scanVerifier(() -> tries.incrementAndGet() < 5)).isEqualTo(Scan.PENDING);
    assertThat(open(a).passwordFacts().scan()).isEqualTo(Scan.PENDING);
    assertThat(c.scanVerifier(() -> true)).isEqualTo(Scan.CLEAN);
    PasswordAuditFacts f = open(a).passwordFacts();
    assertThat(f.scan()).isEqualTo(Scan.CLEAN);
    assertThat(f.listed()).isNull();
  }

  @Test
  void factsOfAnotherVerifierAreNotShownAndADamagedFactsFileReadsAsLegacy() throws Exception {
    CameraCredentials c = open(a);
    c.setPassword(PW.toCharArray(), List.of());
    // An older agent (or a crash after the verifier was written) replaces the verifier only.
    c.setPassword(OTHER.toCharArray(), List.of(), PolicyOverride.WRITE_AS_OLDER_AGENT);
    assertThat(open(a).passwordFacts().origin()).isEqualTo(Origin.LEGACY);
    c.setPassword(PW.toCharArray(), List.of());
    Files.writeString(a.resolve(PasswordFactsStore.FILE), "{ damaged");
    CameraCredentials reopened = open(a);
    assertThat(reopened.pairable()).isTrue();
    assertThat(reopened.passwordFacts().origin()).isEqualTo(Origin.LEGACY);
  }
}
