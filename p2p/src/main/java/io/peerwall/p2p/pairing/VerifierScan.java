package io.peerwall.p2p.pairing;

import io.peerwall.p2p.blocklist.Blocklist;
import io.peerwall.p2p.blocklist.BlocklistMatch;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries the factory lists against a verifier this agent did not set (decision 0063): an older
 * agent, or a factory image, may have stored a factory password, and the verifier is the only trace
 * of it. One Argon2id run per candidate, under the camera's Argon2id lock so that a password change
 * never runs beside it; the lock is released between candidates.
 */
final class VerifierScan {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierScan.class);

  private VerifierScan() {}

  static PasswordAuditFacts.Scan run(CameraCredentials c, BooleanSupplier keepGoing) {
    PasswordVerifier v = c.store().verifier();
    if (v == null || c.passwordFacts().scan() != PasswordAuditFacts.Scan.PENDING) {
      return c.passwordFacts().scan();
    }
    Blocklist lists = Blocklist.standard();
    List<String> candidates = lists.verifierScanCandidates();
    long start = System.nanoTime();
    LOG.info(
        "trying {} factory passwords against a password verifier set by an older agent",
        candidates.size());
    for (String candidate : candidates) {
      if (!keepGoing.getAsBoolean()) {
        LOG.info("factory-password scan stopped before it finished; it runs again next start");
        return PasswordAuditFacts.Scan.PENDING;
      }
      boolean same;
      synchronized (c.argonWork()) {
        if (c.store().verifier() != v) {
          LOG.info("password changed during the factory-password scan; scan dropped");
          return c.passwordFacts().scan();
        }
        same = v.matches(c.cameraId(), candidate.toCharArray());
      }
      if (same) {
        BlocklistMatch m = lists.match(candidate).orElseThrow();
        record(c, v, m);
        LOG.warn("the camera password is a published default ({}): change it", m.label());
        return PasswordAuditFacts.Scan.FOUND;
      }
    }
    record(c, v, null);
    LOG.info(
        "factory-password scan: none of {} matched ({} ms)",
        candidates.size(),
        (System.nanoTime() - start) / 1_000_000);
    return PasswordAuditFacts.Scan.CLEAN;
  }

  private static void record(CameraCredentials c, PasswordVerifier v, BlocklistMatch m) {
    c.facts()
        .recordScan(
            new PasswordFactsStore.ScanResult(
                PasswordFactsStore.fingerprint(v),
                PasswordFactsStore.digest(Blocklist.standard().verifierScanCandidates()),
                m,
                System.currentTimeMillis()));
  }
}
