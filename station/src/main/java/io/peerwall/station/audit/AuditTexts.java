package io.peerwall.station.audit;

import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * The audit's words in English or Japanese ({@code
 * io/peerwall/station/audit/audit[_ja].properties}), one place for the CLI, the report and the
 * wall's Audit screen, so a finding reads the same in all three.
 */
public final class AuditTexts {
  static final String BUNDLE = "io.peerwall.station.audit.audit";
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final Locale locale;
  private final ResourceBundle bundle;
  private final ZoneId zone;

  private AuditTexts(Locale locale, ZoneId zone) {
    this.locale = locale;
    this.zone = zone;
    this.bundle =
        ResourceBundle.getBundle(
            BUNDLE,
            locale,
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** Japanese for a Japanese locale, else English; times shown in {@code zone}. */
  public static AuditTexts of(Locale locale, ZoneId zone) {
    return new AuditTexts(
        "ja".equals(locale.getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH, zone);
  }

  public Locale locale() {
    return locale;
  }

  public String get(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return "!" + key + "!";
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
  }

  public String verdict(Verdict v) {
    return get(v.key());
  }

  public String finding(Finding f) {
    return get("rule." + f.rule().name(), f.args().toArray());
  }

  public String basis(AuditRule rule) {
    return get("basis." + rule.name());
  }

  /** The reasons of a row's verdict in words, or "Nothing found." */
  public String reasons(AuditRow row) {
    if (row.verdict() == Verdict.UNKNOWN) {
      return access(row);
    }
    String reasons = row.reasons().stream().map(this::finding).collect(Collectors.joining(" "));
    return reasons.isEmpty() ? get("reason.none") : reasons;
  }

  public String strength(AuditRow row) {
    return row.score() == null || row.length() == null
        ? get("strength.unknown")
        : get("strength.value", row.score(), row.length());
  }

  /** Days since the password was set; information only. */
  public String age(AuditRow row, long nowMillis) {
    return row.passwordSetAtMillis() <= 0
        ? get("age.unknown")
        : get(
            "age.days",
            String.valueOf(Math.max(0, (nowMillis - row.passwordSetAtMillis()) / 86_400_000L)));
  }

  public String access(AuditRow row) {
    return get("access." + row.access().name(), dateTime(row.lastSeenMillis()));
  }

  public String fix(FixState state) {
    return get("fix." + state.name());
  }

  public String dateTime(long epochMillis) {
    return epochMillis <= 0
        ? "-"
        : DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  /** The time of day only ("18:40"), for narrow columns. */
  public String time(long epochMillis) {
    return epochMillis <= 0 ? "-" : TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  /** "Score 57/100 = (2×100 + 1×60 + 1×25 + 1×0) ÷ 5 audited cameras …". */
  public String scoreFormula(AuditReport report) {
    int score = report.score();
    if (score < 0) {
      return get("score.none");
    }
    Map<Verdict, Integer> n = report.counts();
    int audited = report.rows().size() - n.get(Verdict.UNKNOWN);
    return get(
        "score.formula",
        score,
        n.get(Verdict.OK),
        n.get(Verdict.MEDIUM),
        n.get(Verdict.HIGH),
        n.get(Verdict.CRITICAL),
        audited);
  }

  /** A wait in words: "15 min", "40 s". */
  static String waitWords(long millis) {
    long s = Math.max(1, (millis + 999) / 1000);
    return s >= 120 ? (s + 59) / 60 + " min" : s + " s";
  }

  public String outcome(FixResult r) {
    return get(
        "outcome." + r.outcome().name(),
        r.cameraName(),
        r.detail(),
        waitWords(r.retryAfterMillis()));
  }
}
