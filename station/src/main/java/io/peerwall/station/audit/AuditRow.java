package io.peerwall.station.audit;

import java.util.List;

/**
 * One camera's line in the audit: what the table, the JSON, the CSV and the report show. Never a
 * password or anything computed from one, except whether two cameras' reuse tags are equal.
 *
 * @param cameraId the camera's ID
 * @param name its name
 * @param verdict the worst of its findings
 * @param findings every finding, worst first (information-only ones last)
 * @param score zxcvbn score 0..4 when the password was set, or null when unknown
 * @param length its length when set, or null when unknown
 * @param strengthWord the camera's own word for it (strong, fair, weak, ...), "" when unknown
 * @param blocklist the list the current password is on ("Mirai botnet default"), or null
 * @param passwordSetAtMillis when the password was set (0: unknown); age is shown for information
 *     only, never a reason on its own
 * @param failed24h wrong passwords (pairing and password change) in the last 24 hours
 * @param failed30d the same over 30 days
 * @param lockouts lockouts the camera counted, ever
 * @param lockedUntilMillis password checks locked until (0 or past: not locked)
 * @param defaultsTried times someone tried to set a published default on it (refused), ever
 * @param reuseGroup "A", "B", ... shared by cameras with equal reuse tags, or "" (none found)
 * @param lastSeenMillis when its facts were read (0: never)
 * @param access whether the station reaches it now
 * @param tooOldForFacts the camera sent info but no password facts
 * @param fix where a password fix stands
 */
public record AuditRow(
    String cameraId,
    String name,
    Verdict verdict,
    List<Finding> findings,
    Integer score,
    Integer length,
    String strengthWord,
    String blocklist,
    long passwordSetAtMillis,
    WindowCount failed24h,
    WindowCount failed30d,
    long lockouts,
    long lockedUntilMillis,
    long defaultsTried,
    String reuseGroup,
    long lastSeenMillis,
    Access access,
    boolean tooOldForFacts,
    FixState fix) {
  public AuditRow {
    findings = List.copyOf(findings);
  }

  /** The findings that give the verdict (not the information-only ones). */
  public List<Finding> reasons() {
    return findings.stream().filter(f -> f.level() != Verdict.OK).toList();
  }

  /** A copy with another fix state. */
  public AuditRow withFix(FixState state) {
    return new AuditRow(
        cameraId,
        name,
        verdict,
        findings,
        score,
        length,
        strengthWord,
        blocklist,
        passwordSetAtMillis,
        failed24h,
        failed30d,
        lockouts,
        lockedUntilMillis,
        defaultsTried,
        reuseGroup,
        lastSeenMillis,
        access,
        tooOldForFacts,
        state);
  }
}
