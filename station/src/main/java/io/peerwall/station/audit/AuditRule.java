package io.peerwall.station.audit;

/**
 * The audit's rules, each with the level it gives and what it rests on (docs/audit.md has the table
 * and the reasoning). Words are in the audit texts under {@code rule.<ID>} (the finding, with its
 * arguments) and {@code basis.<ID>} (the standard's clause).
 */
public enum AuditRule {
  /** The current password is on a published default-credential list. */
  PUBLISHED_DEFAULT(
      Verdict.CRITICAL, "NIST SP 800-63B 5.1.1.2; ETSI EN 303 645 5.1-1; PSTI Sch. 1 §1"),
  /** The camera has no password. */
  NO_PASSWORD(Verdict.CRITICAL, "ETSI EN 303 645 5.1-1, 5.1-2; PSTI Sch. 1 §1"),
  /** Too short or too guessable when it was set (an agent whose checks were weaker). */
  WEAK_PASSWORD(Verdict.HIGH, "NIST SP 800-63B 5.1.1.2; ETSI EN 303 645 5.1-2"),
  /** Same reuse tag as another camera under the same site key. */
  POSSIBLE_REUSE(Verdict.HIGH, "ETSI EN 303 645 5.1-1, 5.1-2; NIST SP 800-63B 5.1.1.2"),
  /** Locked out now, or a lockout in the last 30 days: someone guessed. */
  LOCKED_OUT(Verdict.HIGH, "NIST SP 800-63B 5.2.2, 5.1.1.2; ETSI EN 303 645 5.1-5"),
  /** A paired station (or whoever holds its key) gave a wrong current password. */
  STATION_GUESSED(Verdict.HIGH, "NIST SP 800-63B 5.1.1.2 (evidence of compromise)"),
  /** The site key was sealed to a camera this station does not know. */
  SITE_KEY_EXPORTED(Verdict.HIGH, "NIST SP 800-63B 5.1.1.2 (evidence of compromise)"),
  /** A legacy verifier: strength and length unknown (the factory lists did not match). */
  UNKNOWN_STRENGTH(Verdict.MEDIUM, "NIST SP 800-63B 5.1.1.2"),
  /** The camera is too old to send password facts: list and reuse unknown. */
  TOO_OLD_FOR_FACTS(Verdict.MEDIUM, "NIST SP 800-63B 5.1.1.2; ETSI EN 303 645 5.1-1"),
  /** Wrong passwords in the last 30 days, without a lockout. */
  FAILED_ATTEMPTS(Verdict.MEDIUM, "NIST SP 800-63B 5.2.2"),
  /** Someone tried to set a published default password on it in the last 30 days (refused). */
  DEFAULTS_TRIED(Verdict.MEDIUM, "ETSI EN 303 645 5.1-1; PSTI Sch. 1 §1"),
  /** Reuse cannot be told yet (no site key, or the password predates it). Information only. */
  REUSE_UNKNOWN(Verdict.OK, "-"),
  /** The camera holds another site's key: its tag compares with no camera here. Information. */
  OTHER_SITE_KEY(Verdict.OK, "-");

  private final Verdict level;
  private final String basis;

  AuditRule(Verdict level, String basis) {
    this.level = level;
    this.basis = basis;
  }

  /** The verdict a finding of this rule gives ({@link Verdict#OK}: information only). */
  public Verdict level() {
    return level;
  }

  /** The clauses it rests on, as cited in the report. */
  public String basis() {
    return basis;
  }
}
