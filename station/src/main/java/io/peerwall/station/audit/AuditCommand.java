package io.peerwall.station.audit;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.station.StationSetup;
import io.peerwall.station.reach.StationReach;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall audit}: every paired camera's password health in one table (or JSON, CSV), from
 * facts read now over a session to each camera (or the stored ones with {@code --stored}); {@code
 * --report DIR} also writes the printable report. {@code audit fix CAMERA} changes one password.
 */
@Command(
    name = "audit",
    description = {
      "Audit the paired cameras' passwords: verdict (Critical, High, Medium, OK) with the reason,"
          + " strength, published list matched, failed attempts, lockouts, possible reuse.",
      "Reads each camera's password facts now (offline ones: their last facts, dated) and keeps"
          + " them in the station database; rules in docs/audit.md."
    },
    subcommands = {AuditFixCommand.class})
public final class AuditCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  static final class Format {
    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Option(names = "--csv", description = "Print CSV (one line per camera) instead of the table.")
    boolean csv;
  }

  @ArgGroup(exclusive = true)
  Format format = new Format();

  @Option(
      names = "--stored",
      description = "Do not connect: show the facts stored at the last reading.")
  boolean stored;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description = "Also write the report to hand in: password-audit.html and -findings.csv.")
  Path report;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "20",
      description = "How long to wait for the cameras (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  PrintStream out = System.out;
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    StationCredentials station = StationSetup.open(dirs);
    try (AuditService audit = openAudit(dirs, station, clock)) {
      if (!stored) {
        try (StationReach reach = StationReach.start(dirs, station, clock);
            AuditConnections connections = new AuditConnections(reach, audit)) {
          connections.auditAll(station.trust().cameras(), timeoutSeconds);
          return print(audit, station);
        }
      }
      return print(audit, station);
    }
  }

  private int print(AuditService audit, StationCredentials station)
      throws SQLException, IOException {
    AuditTexts t = texts();
    AuditReport r = audit.report(t);
    if (r.rows().isEmpty()) {
      out.println("No camera is paired yet. Pair one with: peerwall pair CAMERA-ID");
      return ExitCode.OK;
    }
    if (format.json) {
      out.print(AuditFormats.json(r, t));
    } else if (format.csv) {
      out.print(AuditFormats.csv(r, t));
    } else {
      out.print(AuditFormats.table(r, t));
    }
    if (report != null) {
      Path html = AuditDocument.write(r, t, station.name(), report);
      if (!format.json && !format.csv) {
        out.println(
            "Report written: " + html + " and " + html.resolveSibling(AuditDocument.CSV_FILE));
      }
    }
    return ExitCode.OK;
  }

  static AuditTexts texts() {
    String lang = System.getProperty("peerwall.lang");
    Locale locale = lang != null ? Locale.forLanguageTag(lang) : Locale.getDefault();
    return AuditTexts.of(locale, ZoneId.systemDefault());
  }

  static AuditService openAudit(AppDirs dirs, StationCredentials station, Clock clock) {
    try {
      return new AuditService(
          io.peerwall.station.db.StationDatabase.open(dirs.data()), station, clock);
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, e.getMessage(), e);
    }
  }
}
