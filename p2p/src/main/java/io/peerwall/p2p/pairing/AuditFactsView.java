package io.peerwall.p2p.pairing;

import io.peerwall.p2p.blocklist.Blocklist;
import io.peerwall.p2p.blocklist.BlocklistMatch;
import io.peerwall.p2p.pairing.PasswordAuditFacts.Origin;
import io.peerwall.p2p.pairing.PasswordAuditFacts.Reuse;
import io.peerwall.p2p.pairing.PasswordAuditFacts.Scan;
import io.peerwall.p2p.sitekey.SiteKey;

/** Reads the stored facts against the current verifier and site key (see PasswordFactsStore). */
final class AuditFactsView {
  private AuditFactsView() {}

  static PasswordAuditFacts of(PasswordVerifier verifier, PasswordFactsStore facts, SiteKey site) {
    PasswordFactsStore.Refused refused = facts.lastRefused();
    BlocklistMatch refusedMatch = refused == null ? null : refused.match();
    long refusedAt = refused == null ? 0 : refused.atMillis();
    String siteId = site == null ? null : site.id();
    PasswordFactsStore.Exports exports = facts.exports();
    long exported = exports == null ? 0 : exports.count();
    String lastTo = exports == null ? null : exports.lastTo();
    if (verifier == null) {
      return new PasswordAuditFacts(
          0,
          Origin.UNSET,
          -1,
          -1,
          Scan.NOT_NEEDED,
          null,
          0,
          refusedMatch,
          refusedAt,
          siteId,
          site == null ? Reuse.NO_SITE_KEY : Reuse.PENDING,
          null,
          exported,
          lastTo);
    }
    String fingerprint = PasswordFactsStore.fingerprint(verifier);
    PasswordFactsStore.SetFacts set = facts.set();
    if (set != null && set.verifier().equals(fingerprint)) {
      boolean tagged = set.tag() != null && siteId != null && siteId.equals(set.tagKeyId());
      return new PasswordAuditFacts(
          verifier.setAtMillis(),
          Origin.CHECKED,
          set.score(),
          set.length(),
          Scan.NOT_NEEDED,
          null,
          0,
          refusedMatch,
          refusedAt,
          siteId,
          tagged ? Reuse.TAGGED : site == null ? Reuse.NO_SITE_KEY : Reuse.PENDING,
          tagged ? set.tag() : null,
          exported,
          lastTo);
    }
    PasswordFactsStore.ScanResult scan = facts.scan();
    boolean scanned =
        scan != null
            && scan.verifier().equals(fingerprint)
            && scan.candidates()
                .equals(PasswordFactsStore.digest(Blocklist.standard().verifierScanCandidates()));
    Scan state = !scanned ? Scan.PENDING : scan.match() == null ? Scan.CLEAN : Scan.FOUND;
    return new PasswordAuditFacts(
        verifier.setAtMillis(),
        Origin.LEGACY,
        -1,
        -1,
        state,
        state == Scan.FOUND ? scan.match() : null,
        state == Scan.FOUND ? scan.atMillis() : 0,
        refusedMatch,
        refusedAt,
        siteId,
        site == null ? Reuse.NO_SITE_KEY : Reuse.PENDING,
        null,
        exported,
        lastTo);
  }
}
