package io.peerwall.station.audit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The audit of every paired camera at one moment, from the stored facts.
 *
 * @param generatedAtMillis when it was made
 * @param rows one per paired camera, worst first
 * @param notice a line about the station database (it was damaged and replaced), or ""
 */
public record AuditReport(long generatedAtMillis, List<AuditRow> rows, String notice) {
  public AuditReport {
    rows = List.copyOf(rows);
  }

  /** How many cameras have each verdict. */
  public Map<Verdict, Integer> counts() {
    Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
    for (Verdict v : Verdict.values()) {
      counts.put(v, 0);
    }
    rows.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
    return counts;
  }

  /**
   * The overall score 0..100: the mean of the audited cameras' points (OK 100, Medium 60, High 25,
   * Critical 0); -1 when no camera was audited yet. {@link AuditTexts#scoreFormula} shows the sum.
   */
  public int score() {
    int n = 0;
    int sum = 0;
    for (AuditRow r : rows) {
      if (r.verdict() != Verdict.UNKNOWN) {
        n++;
        sum += r.verdict().points();
      }
    }
    return n == 0 ? -1 : Math.round((float) sum / n);
  }

  /** The rows "Fix all" walks through: Critical and High, worst first. */
  public List<AuditRow> needingFix() {
    return rows.stream().filter(r -> r.verdict().needsFix()).toList();
  }

  public AuditRow row(String cameraId) {
    return rows.stream().filter(r -> r.cameraId().equals(cameraId)).findFirst().orElse(null);
  }
}
