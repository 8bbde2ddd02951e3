package io.peerwall.desktop.audit;

import io.peerwall.station.audit.Access;
import io.peerwall.station.audit.AuditRow;
import io.peerwall.station.audit.AuditTexts;
import io.peerwall.station.audit.FixState;
import io.peerwall.station.audit.Verdict;

/**
 * One row of the Audit screen as shown: its texts, made once when the rows load (off the FX
 * thread), and the values the columns sort by.
 */
public record AuditLine(
    String cameraId,
    String name,
    Verdict verdict,
    String verdictText,
    String reason,
    String strength,
    int strengthSort,
    String blocklist,
    String age,
    long ageDays,
    String failed24h,
    long failed24hValue,
    String failed30d,
    long failed30dValue,
    String lockouts,
    long lockoutsValue,
    long defaultsTried,
    String reuse,
    String lastSeen,
    long lastSeenMillis,
    Access access) {

  static AuditLine of(AuditRow r, AuditTexts t, long now) {
    String reason = t.reasons(r);
    if (r.verdict() != Verdict.UNKNOWN && r.access() != Access.ONLINE) {
      reason = reason + " (" + t.access(r) + ")";
    }
    if (r.fix() != FixState.NONE) {
      reason = t.fix(r.fix()) + " — " + reason;
    }
    boolean locked = r.lockedUntilMillis() > now;
    return new AuditLine(
        r.cameraId(),
        r.name(),
        r.verdict(),
        t.verdict(r.verdict()),
        reason,
        t.strength(r),
        r.score() == null ? -1 : r.score() * 1000 + (r.length() == null ? 0 : r.length()),
        r.blocklist() == null ? "" : r.blocklist(),
        t.age(r, now),
        r.passwordSetAtMillis() <= 0 ? -1 : (now - r.passwordSetAtMillis()) / 86_400_000L,
        r.failed24h().text(),
        r.failed24h().value(),
        r.failed30d().text(),
        r.failed30d().value(),
        locked
            ? r.lockouts() + " (" + t.get("locked.short", t.time(r.lockedUntilMillis())) + ")"
            : Long.toString(r.lockouts()),
        r.lockouts() + (locked ? 1_000_000 : 0),
        r.defaultsTried(),
        r.reuseGroup().isEmpty() ? "" : r.reuseGroup(),
        r.access() == Access.ONLINE ? t.get("access.ONLINE") : t.dateTime(r.lastSeenMillis()),
        r.access() == Access.ONLINE ? Long.MAX_VALUE : r.lastSeenMillis(),
        r.access());
  }
}
