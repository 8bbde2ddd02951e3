package io.peerwall.station.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The report to hand in: a printable HTML page (summary, the score and how it is computed, one
 * section per camera with its findings and the rules they rest on, the rules themselves) and a CSV
 * with one line per finding. No secret in either: no password, tag or key, only verdicts, counts,
 * list names and dates. Both written atomically.
 */
public final class AuditDocument {
  public static final String HTML_FILE = "password-audit.html";
  public static final String CSV_FILE = "password-audit-findings.csv";

  private AuditDocument() {}

  /** Writes both files into {@code dir}; returns the HTML file. */
  public static Path write(AuditReport report, AuditTexts t, String stationName, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    Path html = dir.resolve(HTML_FILE);
    atomically(html, html(report, t, stationName));
    atomically(dir.resolve(CSV_FILE), findingsCsv(report, t));
    return html;
  }

  public static String findingsCsv(AuditReport report, AuditTexts t) {
    StringBuilder b = new StringBuilder();
    AuditFormats.line(
        b,
        List.of(
            "camera_id",
            "name",
            "verdict",
            "finding_level",
            "rule",
            "finding",
            "rests_on",
            "facts_of"));
    for (AuditRow r : report.rows()) {
      if (r.findings().isEmpty()) {
        AuditFormats.line(
            b,
            List.of(
                r.cameraId(),
                r.name(),
                t.verdict(r.verdict()),
                "",
                "",
                t.reasons(r),
                "",
                t.dateTime(r.lastSeenMillis())));
      }
      for (Finding f : r.findings()) {
        AuditFormats.line(
            b,
            List.of(
                r.cameraId(),
                r.name(),
                t.verdict(r.verdict()),
                t.verdict(f.level()),
                f.rule().name(),
                t.finding(f),
                t.basis(f.rule()),
                t.dateTime(r.lastSeenMillis())));
      }
    }
    return b.toString();
  }

  public static String html(AuditReport report, AuditTexts t, String stationName) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"")
        .append(t.locale().getLanguage())
        .append("\"><head><meta charset=\"utf-8\"><title>PeerWall password audit</title>\n")
        .append("<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#111}")
        .append("table{border-collapse:collapse;width:100%;margin:1em 0}")
        .append("th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}")
        .append(".CRITICAL{background:#f8d0d0}.HIGH{background:#fbe3c8}")
        .append(".MEDIUM{background:#fdf5c4}.OK{background:#d9f0d9}")
        .append("section{page-break-inside:avoid;margin-bottom:1.5em}")
        .append("small{color:#444}@media print{body{margin:0}a{color:#000}}")
        .append("</style></head><body>\n");
    b.append("<h1>PeerWall password audit</h1>\n<p>")
        .append(esc(stationName))
        .append(" — ")
        .append(esc(t.dateTime(report.generatedAtMillis())))
        .append("</p>\n<p><strong>")
        .append(esc(t.scoreFormula(report)))
        .append("</strong></p>\n");
    if (!report.notice().isEmpty()) {
      b.append("<p>").append(esc(report.notice())).append("</p>\n");
    }
    b.append("<table><tr><th>Camera</th><th>ID</th><th>Verdict</th><th>Reason</th>")
        .append("<th>Strength</th><th>Failed 24 h / 30 d</th><th>Lockouts</th>")
        .append("<th>Defaults tried</th><th>Reuse</th><th>Facts of</th></tr>\n");
    for (AuditRow r : report.rows()) {
      b.append("<tr class=\"")
          .append(r.verdict().name())
          .append("\"><td>")
          .append(esc(r.name()))
          .append("</td><td><small>")
          .append(esc(r.cameraId()))
          .append("</small></td><td>")
          .append(esc(t.verdict(r.verdict())))
          .append("</td><td>")
          .append(esc(t.reasons(r)))
          .append("</td><td>")
          .append(esc(t.strength(r)))
          .append("</td><td>")
          .append(esc(r.failed24h().text() + " / " + r.failed30d().text()))
          .append("</td><td>")
          .append(r.lockouts())
          .append("</td><td>")
          .append(r.defaultsTried())
          .append("</td><td>")
          .append(esc(r.reuseGroup().isEmpty() ? "-" : r.reuseGroup()))
          .append("</td><td>")
          .append(esc(t.access(r)))
          .append("</td></tr>\n");
    }
    b.append("</table>\n<h2>Findings</h2>\n");
    Set<AuditRule> cited = EnumSet.noneOf(AuditRule.class);
    for (AuditRow r : report.rows()) {
      b.append("<section><h3>")
          .append(esc(r.name()))
          .append(" — ")
          .append(esc(t.verdict(r.verdict())))
          .append("</h3>\n<ul>");
      if (r.findings().isEmpty()) {
        b.append("<li>").append(esc(t.reasons(r))).append("</li>");
      }
      for (Finding f : r.findings()) {
        cited.add(f.rule());
        b.append("<li>")
            .append(esc(t.finding(f)))
            .append("<br><small>")
            .append(esc(t.basis(f.rule())))
            .append("</small></li>");
      }
      b.append("</ul></section>\n");
    }
    b.append("<h2>Rules</h2>\n<table><tr><th>Rule</th><th>Gives</th><th>Rests on</th></tr>\n");
    for (AuditRule rule : cited) {
      b.append("<tr><td>")
          .append(rule.name())
          .append("</td><td>")
          .append(esc(t.verdict(rule.level())))
          .append("</td><td>")
          .append(esc(t.basis(rule)))
          .append("</td></tr>\n");
    }
    b.append("</table>\n<p><small>")
        .append(esc(t.get("report.footer")))
        .append("</small></p>\n</body></html>\n");
    return b.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void atomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
