package io.peerwall.station.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.station.db.StationDatabase;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict rules on stored readings in a real {@code station.db}: a camera too old for facts,
 * age never a reason, windows from two readings (and an upper bound without an old one), this
 * station's own typo not taken for a stolen key, no secret in any output; a damaged database is set
 * aside; both languages have every text.
 */
class AuditRulesTest {
  private static final long DAY = 86_400_000L;
  private static final long NOW = 1_800_000_000_000L;
  private static final AuditTexts EN = AuditTexts.of(Locale.ENGLISH, ZoneOffset.UTC);

  @TempDir Path dir;

  private static CameraInfo info(
      long setAt, String word, long failed, long changes, long lockouts) {
    return new CameraInfo(
        "Cam", "", List.of(), 0, setAt, word, failed, lockouts, 0, 1, 0, 0, changes);
  }

  private static PasswordFacts strong(long setAt, String tag) {
    return new PasswordFacts(
        new PasswordFacts.Password(setAt, "checked", 4, 30, "not-needed"),
        null,
        null,
        new PasswordFacts.Reuse("tagged", "00112233aabbccdd", tag, 0, null));
  }

  private AuditReport report(FactsHistory h, Map<String, String> paired) throws Exception {
    return AuditReports.build(
        h,
        paired,
        id -> Access.OFFLINE,
        id -> FixState.NONE,
        new AuditRules.Context(NOW, "00112233aabbccdd", paired.keySet(), EN),
        "");
  }

  @Test
  void rulesOnStoredReadings() throws Exception {
    try (StationDatabase db = StationDatabase.open(dir)) {
      assertThat(db.schemaVersion()).isEqualTo(1);
      FactsHistory h = new FactsHistory(db);
      long fiveYearsAgo = NOW - 5 * 365 * DAY;
      // Old but strong: age alone is never a reason.
      h.record(
          new FactsReading(
              "old",
              "Old",
              NOW - 40 * DAY,
              info(fiveYearsAgo, "strong", 3, 0, 0),
              strong(fiveYearsAgo, "aaaaaa")));
      h.record(
          new FactsReading(
              "old",
              "Old",
              NOW - 1000,
              info(fiveYearsAgo, "strong", 3, 0, 0),
              strong(fiveYearsAgo, "aaaaaa")));
      // Too old to send facts; the camera's word says weak.
      h.record(
          new FactsReading("legacy", "Legacy", NOW - 1000, info(NOW - DAY, "weak", 0, 0, 0), null));
      // Two wrong current passwords through the change, one of them typed here; a day-old baseline.
      h.record(
          new FactsReading(
              "typo",
              "Typo",
              NOW - 2 * DAY,
              info(NOW - 9 * DAY, "strong", 5, 0, 0),
              strong(NOW - 9 * DAY, "bbbbbb")));
      h.record(
          new FactsReading(
              "typo",
              "Typo",
              NOW - 1000,
              info(NOW - 9 * DAY, "strong", 7, 2, 0),
              strong(NOW - 9 * DAY, "bbbbbb")));
      h.recordOwnFailedChange("typo", NOW - 5000);

      AuditReport r =
          report(h, Map.of("old", "Old", "legacy", "Legacy", "typo", "Typo", "never", "Never"));
      AuditRow old = r.row("old");
      assertThat(old.verdict()).isEqualTo(Verdict.OK);
      assertThat(old.failed30d()).isEqualTo(new WindowCount(0, false));
      assertThat(EN.age(old, NOW)).isEqualTo("1825 d");

      AuditRow legacy = r.row("legacy");
      assertThat(legacy.tooOldForFacts()).isTrue();
      assertThat(legacy.verdict()).isEqualTo(Verdict.HIGH);
      assertThat(legacy.findings())
          .extracting(Finding::rule)
          .containsExactly(AuditRule.WEAK_PASSWORD, AuditRule.TOO_OLD_FOR_FACTS);

      AuditRow typo = r.row("typo");
      assertThat(typo.failed24h()).isEqualTo(new WindowCount(2, false));
      assertThat(typo.failed30d()).isEqualTo(new WindowCount(7, true));
      assertThat(typo.failed30d().text()).isEqualTo("≤7");
      assertThat(typo.findings())
          .extracting(Finding::rule)
          .containsExactly(AuditRule.STATION_GUESSED, AuditRule.FAILED_ATTEMPTS);
      assertThat(EN.finding(typo.findings().get(0))).startsWith("≤1 wrong current password(s)");

      assertThat(r.row("never").verdict()).isEqualTo(Verdict.UNKNOWN);
      assertThat(r.score()).isEqualTo((100 + 25 + 25) / 3);

      String everything =
          AuditFormats.json(r, EN)
              + AuditFormats.csv(r, EN)
              + AuditDocument.html(r, EN, "Desk")
              + AuditDocument.findingsCsv(r, EN);
      assertThat(everything).doesNotContain("aaaaaa").doesNotContain("00112233aabbccdd");
    }
  }

  @Test
  void csvCellsCannotBecomeFormulas() {
    assertThat(AuditFormats.csvCell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(AuditFormats.csvCell("Porch, front")).isEqualTo("\"Porch, front\"");
    assertThat(AuditDocument.esc("<script>")).isEqualTo("&lt;script&gt;");
  }

  @Test
  void aDamagedDatabaseIsSetAsideAndANewOneStarted() throws Exception {
    Files.writeString(dir.resolve(StationDatabase.FILE_NAME), "this is not a database at all, no");
    try (StationDatabase db = StationDatabase.open(dir)) {
      assertThat(db.notice()).contains("was damaged").contains("moved to");
      assertThat(new FactsHistory(db).size()).isZero();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("station.db.damaged-"));
    }
  }

  @Test
  void englishAndJapaneseHaveTheSameTexts() throws Exception {
    Properties en = load("audit.properties");
    Properties ja = load("audit_ja.properties");
    assertThat(ja.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
    for (AuditRule rule : AuditRule.values()) {
      assertThat(en.stringPropertyNames()).contains("rule." + rule.name(), "basis." + rule.name());
    }
    for (FixResult.Outcome o : FixResult.Outcome.values()) {
      assertThat(en.stringPropertyNames()).contains("outcome." + o.name());
    }
    assertThat(Set.copyOf(List.of(Access.values())))
        .allMatch(a -> en.containsKey("access." + a.name()));
    assertThat(AuditTexts.of(Locale.JAPANESE, ZoneOffset.UTC).verdict(Verdict.CRITICAL))
        .isEqualTo("緊急");
  }

  private static Properties load(String name) throws Exception {
    Properties p = new Properties();
    try (InputStream in = AuditTexts.class.getResourceAsStream(name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }
}
