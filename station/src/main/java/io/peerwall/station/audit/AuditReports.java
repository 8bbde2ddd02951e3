package io.peerwall.station.audit;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.PasswordFacts;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Builds the audit from the stored facts: the latest reading of each camera, its counts over the
 * last 24 hours and 30 days (differences with the readings at the windows' starts), the reuse
 * groups (equal tags under the same site key), and the rules' verdicts. Reads the station database:
 * never on the FX thread.
 */
public final class AuditReports {
  static final long DAY_MILLIS = 86_400_000L;

  private AuditReports() {}

  /**
   * @param paired the paired cameras, ID → name (a camera read before but no longer paired is shown
   *     too, as not paired)
   * @param access where each camera stands now
   * @param fixes where each camera's fix stands
   */
  public static AuditReport build(
      FactsHistory history,
      Map<String, String> paired,
      Function<String, Access> access,
      Function<String, FixState> fixes,
      AuditRules.Context ctx,
      String notice)
      throws SQLException {
    Map<String, FactsReading> latest = history.latest();
    Map<String, List<String>> peers = reusePeers(latest.values(), ctx.siteKeyId());
    Map<String, String> groups = reuseGroups(latest.values(), ctx.siteKeyId());
    List<AuditRow> rows = new ArrayList<>();
    long now = ctx.nowMillis();
    // Only the cameras paired now: one removed from the station (or a demo's) leaves the audit.
    for (Map.Entry<String, String> e : paired.entrySet()) {
      String id = e.getKey();
      FactsReading r = latest.get(id);
      Access a = access.apply(id);
      FixState fix = fixes.apply(id);
      if (r == null) {
        rows.add(neverRead(id, e.getValue(), a == Access.NOT_PAIRED ? a : Access.NEVER_READ, fix));
        continue;
      }
      AuditRules.Counts counts = counts(history, r, now);
      List<Finding> findings =
          AuditRules.findings(r, counts, peers.getOrDefault(id, List.of()), ctx);
      PasswordFacts f = r.facts();
      PasswordFacts.Password p = f == null ? null : f.password();
      CameraInfo i = r.info();
      rows.add(
          new AuditRow(
              id,
              r.name(),
              AuditRules.verdict(findings),
              findings,
              p == null ? null : p.score(),
              p == null ? null : p.length(),
              i.passwordStrength(),
              f == null || f.listed() == null ? null : f.listed().label(),
              i.passwordSetAtMillis(),
              counts.failed24h(),
              counts.failed30d(),
              i.lockouts(),
              i.lockedUntilMillis(),
              i.blocklistedAttempts(),
              groups.getOrDefault(id, ""),
              r.readAtMillis(),
              a == Access.NEVER_READ ? Access.OFFLINE : a,
              r.tooOldForFacts(),
              fix));
    }
    rows.sort(
        Comparator.comparing(AuditRow::verdict)
            .thenComparing(AuditRow::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(AuditRow::cameraId));
    return new AuditReport(now, rows, notice);
  }

  private static AuditRow neverRead(String id, String name, Access access, FixState fix) {
    return new AuditRow(
        id,
        name,
        Verdict.UNKNOWN,
        List.of(),
        null,
        null,
        "",
        null,
        0,
        WindowCount.ZERO,
        WindowCount.ZERO,
        0,
        0,
        0,
        "",
        0,
        access,
        false,
        fix);
  }

  /** Counter differences over the last 24 hours and 30 days. */
  static AuditRules.Counts counts(FactsHistory history, FactsReading latest, long now)
      throws SQLException {
    Optional<FactsReading> day = history.atOrBefore(latest.cameraId(), now - DAY_MILLIS);
    Optional<FactsReading> month =
        history.atOrBefore(latest.cameraId(), now - AuditRules.RECENT_MILLIS);
    CameraInfo i = latest.info();
    return new AuditRules.Counts(
        delta(i, day, CameraInfo::failedAttempts),
        delta(i, month, CameraInfo::failedAttempts),
        delta(i, month, CameraInfo::lockouts),
        delta(i, month, CameraInfo::failedPasswordChanges),
        delta(i, month, CameraInfo::blocklistedAttempts),
        history.ownFailedChanges(latest.cameraId(), now - AuditRules.RECENT_MILLIS));
  }

  private static WindowCount delta(
      CameraInfo now, Optional<FactsReading> then, ToLongFunction<CameraInfo> counter) {
    long current = counter.applyAsLong(now);
    if (then.isEmpty()) {
      return new WindowCount(current, true);
    }
    // A counter that went down means the camera was reset: count from zero.
    long before = counter.applyAsLong(then.get().info());
    return new WindowCount(current >= before ? current - before : current, false);
  }

  /** For each camera with a tag shared by others under the site key: the others' names. */
  static Map<String, List<String>> reusePeers(
      java.util.Collection<FactsReading> readings, String siteKeyId) {
    Map<String, List<FactsReading>> byTag = byTag(readings, siteKeyId);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (List<FactsReading> same : byTag.values()) {
      if (same.size() < 2) {
        continue;
      }
      for (FactsReading r : same) {
        out.put(
            r.cameraId(),
            same.stream().filter(o -> o != r).map(FactsReading::name).sorted().toList());
      }
    }
    return out;
  }

  /** "A", "B", … for each group of two or more cameras with equal tags, by first name. */
  static Map<String, String> reuseGroups(
      java.util.Collection<FactsReading> readings, String siteKeyId) {
    List<List<FactsReading>> groups =
        byTag(readings, siteKeyId).values().stream()
            .filter(g -> g.size() >= 2)
            .sorted(
                Comparator.comparing(
                    g -> g.stream().map(FactsReading::name).sorted().findFirst().orElse("")))
            .toList();
    Map<String, String> out = new LinkedHashMap<>();
    for (int k = 0; k < groups.size(); k++) {
      String label = k < 26 ? String.valueOf((char) ('A' + k)) : "G" + (k + 1);
      for (FactsReading r : groups.get(k)) {
        out.put(r.cameraId(), label);
      }
    }
    return out;
  }

  private static Map<String, List<FactsReading>> byTag(
      java.util.Collection<FactsReading> readings, String siteKeyId) {
    Map<String, List<FactsReading>> byTag = new LinkedHashMap<>();
    for (FactsReading r : readings) {
      PasswordFacts.Reuse u = r.facts() == null ? null : r.facts().reuse();
      if (u == null || !"tagged".equals(u.state()) || u.tag() == null || u.siteKeyId() == null) {
        continue;
      }
      if (siteKeyId != null && !siteKeyId.equals(u.siteKeyId())) {
        continue;
      }
      byTag.computeIfAbsent(u.siteKeyId() + "/" + u.tag(), k -> new ArrayList<>()).add(r);
    }
    return byTag;
  }
}
