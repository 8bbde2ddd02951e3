package io.peerwall.bench;

import io.peerwall.bench.camera.CameraBenchCommand;
import io.peerwall.bench.record.IndexBenchCommand;
import io.peerwall.bench.record.RecordBenchCommand;
import io.peerwall.bench.review.ReviewBenchCommand;
import io.peerwall.bench.session.SessionBenchCommand;
import io.peerwall.bench.wall.WallBenchCommand;
import io.peerwall.cli.PluggableCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bench}: what this machine can do. Each benchmark is a subcommand that prints
 * readable lines and, last, one JSON line with its figures (docs/benchmarks.md). Found by the
 * {@code peerwall} entry point as a {@link PluggableCommand}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure this machine, each figure side by side with its reference.",
      "Each benchmark prints readable lines, then one JSON line with its figures."
    },
    subcommands = {
      DecodeBenchCommand.class,
      DecodersBenchCommand.class,
      SessionBenchCommand.class,
      WallBenchCommand.class,
      RecordBenchCommand.class,
      IndexBenchCommand.class,
      CameraBenchCommand.class,
      SubStreamBenchCommand.class,
      ReviewBenchCommand.class,
      io.peerwall.bench.reach.ReachBenchCommand.class,
      io.peerwall.bench.record.ExportBenchCommand.class,
      AuditBenchCommand.class
    })
public final class BenchCommand implements Runnable, PluggableCommand {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a benchmark is needed (for example: bench decode); see bench --help");
  }
}
