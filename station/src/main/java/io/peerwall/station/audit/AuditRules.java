package io.peerwall.station.audit;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.pairing.PasswordPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The verdict rules (docs/audit.md): one camera's latest facts and its counts over the windows in,
 * its findings out, worst first. Pure: no I/O, no clock of its own. Age is never a reason (NIST SP
 * 800-63B: no periodic rotation).
 */
public final class AuditRules {
  /** The window for "recent" evidence: failures, lockouts, refused defaults. */
  public static final long RECENT_MILLIS = 30L * 86_400_000L;

  private AuditRules() {}

  /**
   * The counts of a camera over the two windows (cumulative counters differenced against the
   * readings at the windows' starts).
   *
   * @param ownFailedChanges30d wrong current passwords this station itself typed (fix typos)
   */
  public record Counts(
      WindowCount failed24h,
      WindowCount failed30d,
      WindowCount lockouts30d,
      WindowCount failedChanges30d,
      WindowCount defaultsTried30d,
      long ownFailedChanges30d) {
    static final Counts NONE =
        new Counts(
            WindowCount.ZERO,
            WindowCount.ZERO,
            WindowCount.ZERO,
            WindowCount.ZERO,
            WindowCount.ZERO,
            0);
  }

  /** What the rules need beside the camera's own facts. */
  public record Context(
      long nowMillis, String siteKeyId, Set<String> knownCameraIds, AuditTexts texts) {}

  /**
   * The findings for one camera.
   *
   * @param reusePeers names of the other cameras with the same tag under the same site key
   */
  public static List<Finding> findings(
      FactsReading r, Counts counts, List<String> reusePeers, Context ctx) {
    List<Finding> out = new ArrayList<>();
    CameraInfo info = r.info();
    AuditTexts t = ctx.texts();
    PasswordFacts f = r.facts();
    if (f == null) {
      out.add(Finding.of(AuditRule.TOO_OLD_FOR_FACTS));
      if (info.passwordSetAtMillis() <= 0) {
        out.add(Finding.of(AuditRule.NO_PASSWORD));
      } else if (isWeakWord(info.passwordStrength())) {
        out.add(Finding.of(AuditRule.WEAK_PASSWORD, t.get("weak.word", info.passwordStrength())));
      }
    } else {
      passwordFindings(f, out, t);
      reuseFindings(f, reusePeers, ctx, out);
    }
    long now = ctx.nowMillis();
    if (info.lockedUntilMillis() > now) {
      out.add(
          Finding.of(
              AuditRule.LOCKED_OUT, t.get("locked.until", t.dateTime(info.lockedUntilMillis()))));
    } else if (counts.lockouts30d().value() > 0) {
      out.add(Finding.of(AuditRule.LOCKED_OUT, t.get("locked.count", counts.lockouts30d().text())));
    } else if (counts.failed30d().value() > 0) {
      out.add(Finding.of(AuditRule.FAILED_ATTEMPTS, counts.failed30d().text()));
    }
    long othersChanges = counts.failedChanges30d().value() - counts.ownFailedChanges30d();
    if (othersChanges > 0) {
      out.add(
          Finding.of(
              AuditRule.STATION_GUESSED,
              new WindowCount(othersChanges, counts.failedChanges30d().atMost()).text()));
    }
    if (counts.defaultsTried30d().value() > 0 && f != null && f.lastRefused() != null) {
      out.add(Finding.of(AuditRule.DEFAULTS_TRIED, f.lastRefused().label()));
    } else if (counts.defaultsTried30d().value() > 0) {
      out.add(Finding.of(AuditRule.DEFAULTS_TRIED, counts.defaultsTried30d().text()));
    }
    out.sort(Comparator.comparing(Finding::level)); // stable: rule order within a level
    return out;
  }

  private static void passwordFindings(PasswordFacts f, List<Finding> out, AuditTexts t) {
    PasswordFacts.Password p = f.password();
    if (p == null) {
      out.add(Finding.of(AuditRule.NO_PASSWORD));
      return;
    }
    if (f.listed() != null) {
      out.add(Finding.of(AuditRule.PUBLISHED_DEFAULT, f.listed().label()));
      return;
    }
    if (p.score() == null || p.length() == null) {
      out.add(Finding.of(AuditRule.UNKNOWN_STRENGTH, t.get("scan." + p.scan())));
    } else if (p.score() < PasswordPolicy.MIN_SCORE || p.length() < PasswordPolicy.MIN_LENGTH) {
      out.add(
          Finding.of(AuditRule.WEAK_PASSWORD, t.get("weak.scoreLength", p.score(), p.length())));
    }
  }

  private static void reuseFindings(
      PasswordFacts f, List<String> reusePeers, Context ctx, List<Finding> out) {
    PasswordFacts.Reuse u = f.reuse();
    if (u == null) {
      return;
    }
    AuditTexts t = ctx.texts();
    if (!reusePeers.isEmpty()) {
      out.add(Finding.of(AuditRule.POSSIBLE_REUSE, String.join(", ", reusePeers)));
    } else if (u.siteKeyId() != null
        && ctx.siteKeyId() != null
        && !u.siteKeyId().equals(ctx.siteKeyId())) {
      out.add(Finding.of(AuditRule.OTHER_SITE_KEY, u.siteKeyId()));
    } else if (!"tagged".equals(u.state())) {
      String key = "reuse." + u.state();
      out.add(
          Finding.of(
              AuditRule.REUSE_UNKNOWN,
              t.get(key).startsWith("!") ? t.get("reuse.other", u.state()) : t.get(key)));
    }
    if (u.exports() > 0
        && u.lastExportTo() != null
        && !ctx.knownCameraIds().contains(u.lastExportTo())) {
      out.add(Finding.of(AuditRule.SITE_KEY_EXPORTED, u.lastExportTo()));
    }
  }

  /** The strength words an agent used for passwords below the policy. */
  static boolean isWeakWord(String word) {
    return word != null
        && (word.equals("weak")
            || word.equals("fair")
            || word.equals("too-short")
            || word.equals(PasswordPolicy.Verdict.BLOCKLISTED));
  }

  /** The verdict of a set of findings: the worst level, OK when only information. */
  public static Verdict verdict(List<Finding> findings) {
    return findings.stream().map(Finding::level).min(Comparator.naturalOrder()).orElse(Verdict.OK);
  }
}
