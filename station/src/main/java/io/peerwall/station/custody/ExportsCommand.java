package io.peerwall.station.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.custody.ChainCheck;
import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.station.recordings.Formats;
import io.peerwall.station.recordings.RecordingsCommand;
import io.peerwall.station.recordings.TimeArgument;
import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code peerwall exports list}: the export log, newest first, with its chain check. */
@Command(
    name = "exports",
    mixinStandardHelpOptions = true,
    description = "The export log: who exported what, when, and the SHA-256 of each file.",
    subcommands = {ExportsCommand.ListExports.class})
public final class ExportsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is needed: 'exports list'");
  }

  /** {@code peerwall exports list [--camera C] [--since T] [--limit N] [--json]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "Every export, newest first: when, who (the OS user), the cameras, the range, the file and"
            + " its SHA-256, signed or not; then whether the log's hash chain holds (it breaks"
            + " where a row was edited or removed outside PeerWall).",
        "Exit code 23 when the chain is broken."
      })
  public static final class ListExports implements Callable<Integer> {
    @Mixin CommonOptions common;

    @Option(names = "--camera", paramLabel = "C", description = "Only exports of this camera.")
    String camera;

    @Option(
        names = "--since",
        paramLabel = "T",
        converter = TimeArgument.class,
        description = "Only exports made at or after T (2025-11-24, -7d, ...).")
    Long since;

    @Option(
        names = "--limit",
        defaultValue = "100",
        description = "At most this many (default 100).")
    int limit;

    @Option(names = "--json", description = "One JSON object: the exports and the chain check.")
    boolean json;

    PrintStream out = System.out;
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public Integer call() {
      AppDirs dirs = common.prepare();
      Optional<String> cameraId = Optional.empty();
      if (camera != null) {
        try (Recordings recordings = Recordings.open(dirs.data())) {
          cameraId = Optional.of(RecordingsCommand.camera(recordings, camera).cameraId());
        }
      }
      List<ExportRecord> records;
      ChainCheck chain;
      try (ExportLog log = ExportLog.open(dirs.data())) {
        records = log.list(cameraId, since == null ? Long.MIN_VALUE : since, limit);
        chain = log.verifyChain();
      }
      if (json) {
        out.println(json(records, chain));
      } else {
        print(records, chain);
      }
      return chain.intact() ? ExitCode.OK : ExitCode.EXPORT_LOG_BROKEN;
    }

    private void print(List<ExportRecord> records, ChainCheck chain) {
      if (records.isEmpty()) {
        out.println("No exports logged" + (camera != null || since != null ? " that match." : "."));
      } else {
        out.printf(
            Locale.ROOT,
            "%5s  %-23s  %-12s  %-8s  %-30s  %s%n",
            "#",
            "when",
            "by",
            "signed",
            "cameras",
            "range");
        for (ExportRecord r : records) {
          out.printf(
              Locale.ROOT,
              "%5d  %-23s  %-12s  %-8s  %-30s  %s to %s%n",
              r.id(),
              Formats.time(r.atMicros(), zone),
              r.operator(),
              r.signed() ? "signed" : "UNSIGNED",
              String.join(", ", r.cameras().stream().map(ExportRecord.Camera::name).toList()),
              Formats.time(r.fromMicros(), zone),
              Formats.time(r.toMicros(), zone));
          out.printf("       file %s%n       SHA-256 %s%n", r.fileName(), r.sha256Hex());
        }
      }
      out.println(chainLine(chain));
    }

    static String chainLine(ChainCheck chain) {
      if (chain.intact()) {
        return chain.rows() == 0
            ? "export log: empty"
            : "export log: hash chain intact over "
                + chain.rows()
                + " export(s); newest entry's hash "
                + chain.lastRowHash()
                + " (note it to notice entries removed from the end later)";
      }
      return "export log: CHAIN BROKEN at export "
          + chain.firstBrokenId().orElseThrow()
          + ": "
          + chain.problem()
          + " (edited outside PeerWall)";
    }

    private String json(List<ExportRecord> records, ChainCheck chain) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (ExportRecord r : records) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("atMicros", r.atMicros());
        m.put("operator", r.operator());
        List<Map<String, String>> cams = new ArrayList<>();
        for (ExportRecord.Camera c : r.cameras()) {
          cams.add(Map.of("cameraId", c.cameraId(), "name", c.name()));
        }
        m.put("cameras", cams);
        m.put("fromMicros", r.fromMicros());
        m.put("toMicros", r.toMicros());
        m.put("file", r.fileName());
        m.put("sha256", r.sha256Hex());
        m.put("signed", r.signed());
        list.add(m);
      }
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("intact", chain.intact());
      c.put("rows", chain.rows());
      c.put("firstBrokenId", chain.firstBrokenId().orElse(null));
      c.put("problem", chain.problem());
      c.put("lastRowHash", chain.lastRowHash());
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("exports", list);
      all.put("chain", c);
      try {
        return new ObjectMapper().writeValueAsString(all);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("the export log always converts to JSON", e);
      }
    }
  }
}
