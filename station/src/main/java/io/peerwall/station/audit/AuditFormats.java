package io.peerwall.station.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The audit as text: the CLI's table, JSON and CSV (one line per camera). No secret in any of them:
 * the reuse group is a letter, never the tag.
 */
public final class AuditFormats {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final List<String> CSV_HEADER =
      List.of(
          "camera_id",
          "name",
          "verdict",
          "reasons",
          "score",
          "length",
          "blocklist",
          "password_age_days",
          "failed_24h",
          "failed_30d",
          "lockouts",
          "locked_until",
          "defaults_tried",
          "reuse_group",
          "last_seen",
          "access",
          "fix");

  private AuditFormats() {}

  /** The table for a terminal, worst first, with the score's sum underneath. */
  public static String table(AuditReport report, AuditTexts t) {
    StringBuilder b = new StringBuilder();
    String format = "%-20s %-9s %-10s %-12s %-6s %-9s %-4s %-5s %s%n";
    b.append(
        String.format(
            Locale.ROOT,
            format,
            "CAMERA",
            "VERDICT",
            "STRENGTH",
            "FAILED 24h/30d",
            "LOCK",
            "DEFAULTS",
            "REUSE",
            "AGE",
            "LAST SEEN / REASON"));
    for (AuditRow r : report.rows()) {
      b.append(
          String.format(
              Locale.ROOT,
              format,
              cut(r.name(), 20),
              t.verdict(r.verdict()),
              t.strength(r),
              r.failed24h().text() + "/" + r.failed30d().text(),
              r.lockedUntilMillis() > report.generatedAtMillis() ? "NOW" : r.lockouts(),
              r.defaultsTried(),
              r.reuseGroup().isEmpty() ? "-" : r.reuseGroup(),
              t.age(r, report.generatedAtMillis()),
              t.access(r)));
      b.append("    ").append(r.cameraId()).append("  ").append(t.reasons(r)).append('\n');
      if (r.fix() != FixState.NONE) {
        b.append("    ").append(t.fix(r.fix())).append('\n');
      }
    }
    b.append(t.scoreFormula(report)).append('\n');
    if (!report.notice().isEmpty()) {
      b.append(report.notice()).append('\n');
    }
    return b.toString();
  }

  public static String json(AuditReport report, AuditTexts t) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", t.dateTime(report.generatedAtMillis()));
    root.put("generatedAtEpochMillis", report.generatedAtMillis());
    root.put("score", report.score());
    root.put("scoreFormula", t.scoreFormula(report));
    ArrayNode cameras = root.putArray("cameras");
    for (AuditRow r : report.rows()) {
      ObjectNode n = cameras.addObject();
      n.put("id", r.cameraId());
      n.put("name", r.name());
      n.put("verdict", r.verdict().name());
      n.put("verdictText", t.verdict(r.verdict()));
      n.put("reason", t.reasons(r));
      ArrayNode findings = n.putArray("findings");
      for (Finding f : r.findings()) {
        ObjectNode fn = findings.addObject();
        fn.put("rule", f.rule().name());
        fn.put("level", f.level().name());
        fn.put("text", t.finding(f));
        fn.put("basis", f.rule().basis());
      }
      if (r.score() != null) {
        n.put("score", r.score());
      }
      if (r.length() != null) {
        n.put("length", r.length());
      }
      n.put("strengthWord", r.strengthWord());
      n.put("blocklist", r.blocklist());
      n.put("passwordSetAtEpochMillis", r.passwordSetAtMillis());
      n.put("failed24h", r.failed24h().value());
      n.put("failed30d", r.failed30d().value());
      n.put("failedCountsAtMost", r.failed30d().atMost());
      n.put("lockouts", r.lockouts());
      n.put("lockedUntilEpochMillis", r.lockedUntilMillis());
      n.put("defaultsTried", r.defaultsTried());
      n.put("reuseGroup", r.reuseGroup());
      n.put("lastSeenEpochMillis", r.lastSeenMillis());
      n.put("access", r.access().name());
      n.put("tooOldForFacts", r.tooOldForFacts());
      n.put("fix", r.fix().name());
    }
    if (!report.notice().isEmpty()) {
      root.put("notice", report.notice());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One line per camera, RFC 4180 quoting. */
  public static String csv(AuditReport report, AuditTexts t) {
    StringBuilder b = new StringBuilder();
    line(b, CSV_HEADER);
    for (AuditRow r : report.rows()) {
      List<String> cells = new ArrayList<>();
      cells.add(r.cameraId());
      cells.add(r.name());
      cells.add(t.verdict(r.verdict()));
      cells.add(t.reasons(r));
      cells.add(r.score() == null ? "" : r.score().toString());
      cells.add(r.length() == null ? "" : r.length().toString());
      cells.add(r.blocklist() == null ? "" : r.blocklist());
      cells.add(
          r.passwordSetAtMillis() <= 0
              ? ""
              : Long.toString(
                  Math.max(0, report.generatedAtMillis() - r.passwordSetAtMillis()) / 86_400_000L));
      cells.add(r.failed24h().text());
      cells.add(r.failed30d().text());
      cells.add(Long.toString(r.lockouts()));
      cells.add(
          r.lockedUntilMillis() > report.generatedAtMillis()
              ? t.dateTime(r.lockedUntilMillis())
              : "");
      cells.add(Long.toString(r.defaultsTried()));
      cells.add(r.reuseGroup());
      cells.add(t.dateTime(r.lastSeenMillis()));
      cells.add(r.access().name().toLowerCase(Locale.ROOT));
      cells.add(r.fix() == FixState.NONE ? "" : t.fix(r.fix()));
      line(b, cells);
    }
    return b.toString();
  }

  static void line(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(csvCell(cells.get(i)));
    }
    b.append("\r\n");
  }

  static String csvCell(String v) {
    String s = v == null ? "" : v;
    // A leading = + - @ would be a formula in a spreadsheet: quoted with a leading apostrophe.
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static String cut(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
