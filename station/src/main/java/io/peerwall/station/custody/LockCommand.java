package io.peerwall.station.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.recorder.LockedSpace;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.custody.EvidenceLocks;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.station.recordings.Formats;
import io.peerwall.station.recordings.TimeArgument;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall lock add|list|release}: evidence locks, which keep a range of chosen cameras from
 * retention until a date or until released (decision 0050). Made and released with a reason, by the
 * OS user; never changed or deleted.
 */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    description =
        "Evidence locks: keep the recordings of chosen cameras over a time range from retention,"
            + " until a date or until released (with a reason; every lock and release is logged).",
    subcommands = {LockCommand.Add.class, LockCommand.ListLocks.class, LockCommand.Release.class})
public final class LockCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a subcommand is needed: 'lock add', 'lock list' or 'lock release'");
  }

  /** "until 2026-01-01 00:00:00.000" or "until released". */
  static String until(EvidenceLock lock, ZoneId zone) {
    return lock.untilMicros().map(u -> "until " + Formats.time(u, zone)).orElse("until released");
  }

  static String describe(EvidenceLock lock, Map<String, String> names, ZoneId zone, long now) {
    List<String> cameras = new ArrayList<>();
    for (String id : lock.cameraIds()) {
      cameras.add(names.getOrDefault(id, id));
    }
    String state =
        switch (lock.stateAt(now)) {
          case ACTIVE -> "active";
          case EXPIRED -> "expired";
          case RELEASED -> "released";
        };
    return String.format(
        Locale.ROOT,
        "lock #%d (%s): %s, %s to %s, %s; by %s: %s",
        lock.id(),
        state,
        String.join(", ", cameras),
        Formats.time(lock.fromMicros(), zone),
        lock.toMicros() == Long.MAX_VALUE ? "(open end)" : Formats.time(lock.toMicros(), zone),
        until(lock, zone),
        lock.lockedBy(),
        lock.reason());
  }

  /** {@code lock add}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Lock the recordings of the cameras from --from to --to against retention, until --until"
            + " or --forever (until released). Retention never deletes a locked segment; locked"
            + " recordings count against the quota (the status says how much is locked)."
      })
  public static final class Add implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(
        names = "--camera",
        paramLabel = "C",
        required = true,
        description = "Camera ID or name; repeat for several.")
    List<String> cameras = new ArrayList<>();

    @Option(
        names = "--from",
        paramLabel = "T",
        required = true,
        converter = TimeArgument.class,
        description = "Start: 2025-11-24 13:05, 13:05, -2h, now, or 2025-11-24T12:05:00Z.")
    long from;

    @Option(
        names = "--to",
        paramLabel = "T",
        required = true,
        converter = TimeArgument.class,
        description = "End (a time still to come locks what is recorded until then).")
    long to;

    @ArgGroup(multiplicity = "1")
    Until until;

    /** Exactly one of --until and --forever. */
    static final class Until {
      @Option(
          names = "--until",
          paramLabel = "T",
          converter = TimeArgument.class,
          description = "When the lock ends by itself.")
      Long at;

      @Option(names = "--forever", description = "Until someone releases it.")
      boolean forever;
    }

    @Option(names = "--reason", required = true, description = "Why (kept with the lock).")
    String reason;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      List<String> ids = CameraArguments.ids(dirs.data(), cameras);
      try (EvidenceLocks locks = EvidenceLocks.open(dirs.data(), clock)) {
        EvidenceLock lock =
            locks.lock(
                ids,
                from,
                to,
                until.forever ? Optional.empty() : Optional.of(until.at),
                reason,
                Operator.current());
        LockedSpace.Totals kept = locks.kept(lock.id());
        out.println(
            describe(lock, CameraArguments.names(dirs.data()), zone, clock.millis() * 1000));
        out.printf(
            Locale.ROOT,
            "keeps %d segment(s), %s now (what is recorded later in the range is kept as it is"
                + " written)%n",
            kept.segments(),
            Formats.size(kept.bytes()));
        return ExitCode.OK;
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
      }
    }
  }

  /** {@code lock list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The active evidence locks, newest first (--all: released and expired too).")
  public static final class ListLocks implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--all", description = "Released and expired locks too.")
    boolean all;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      Map<String, String> names = CameraArguments.names(dirs.data());
      long now = clock.millis() * 1000;
      try (EvidenceLocks locks = EvidenceLocks.open(dirs.data(), clock)) {
        List<EvidenceLock> list = locks.list(all);
        long locked = locks.lockedBytes();
        if (json) {
          out.println(json(locks, list, locked, now));
          return ExitCode.OK;
        }
        if (list.isEmpty()) {
          out.println(all ? "No evidence locks." : "No active evidence locks.");
        }
        for (EvidenceLock lock : list) {
          out.println(describe(lock, names, zone, now));
          lock.release()
              .ifPresent(
                  r ->
                      out.printf(
                          "    released %s by %s: %s%n",
                          Formats.time(r.atMicros(), zone), r.by(), r.reason()));
          if (lock.activeAt(now)) {
            out.printf("    keeps %s%n", Formats.size(locks.kept(lock.id()).bytes()));
          }
        }
        out.printf(
            "%s of recordings under active evidence locks (retention never deletes them)%n",
            Formats.size(locked));
        return ExitCode.OK;
      }
    }

    private String json(EvidenceLocks locks, List<EvidenceLock> list, long locked, long now) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (EvidenceLock l : list) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("state", l.stateAt(now).name());
        m.put("cameraIds", l.cameraIds());
        m.put("fromMicros", l.fromMicros());
        m.put("toMicros", l.toMicros());
        m.put("untilMicros", l.untilMicros().orElse(null));
        m.put("reason", l.reason());
        m.put("lockedBy", l.lockedBy());
        m.put("lockedAtMicros", l.lockedAtMicros());
        l.release()
            .ifPresent(
                r ->
                    m.put(
                        "release",
                        Map.of("atMicros", r.atMicros(), "by", r.by(), "reason", r.reason())));
        m.put("keptBytes", l.activeAt(now) ? locks.kept(l.id()).bytes() : 0);
        out.add(m);
      }
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("locks", out);
      all.put("lockedBytes", locked);
      try {
        return new ObjectMapper().writeValueAsString(all);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("locks always convert to JSON", e);
      }
    }
  }

  /** {@code lock release ID --reason R}. */
  @Command(
      name = "release",
      mixinStandardHelpOptions = true,
      description =
          "Release an evidence lock, with a reason: its recordings go back to retention (the lock"
              + " and its release stay in the history).")
  public static final class Release implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "The lock's number (lock list).")
    long id;

    @Option(names = "--reason", required = true, description = "Why it is released.")
    String reason;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      try (EvidenceLocks locks = EvidenceLocks.open(dirs.data(), clock)) {
        EvidenceLock lock = locks.release(id, reason, Operator.current());
        out.println(
            describe(lock, CameraArguments.names(dirs.data()), zone, clock.millis() * 1000));
        out.println("its recordings go back to retention at its next pass");
        return ExitCode.OK;
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
      }
    }
  }
}
