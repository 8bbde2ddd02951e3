package io.peerwall.desktop.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall bench}: what this machine can do. Each benchmark is a subcommand that prints
 * readable lines and, last, one JSON line with its figures (docs/benchmarks.md).
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
      io.peerwall.desktop.pairing.SessionBenchCommand.class,
      io.peerwall.desktop.bench.wall.WallBenchCommand.class,
      io.peerwall.desktop.bench.record.RecordBenchCommand.class,
      io.peerwall.desktop.bench.record.IndexBenchCommand.class,
      io.peerwall.desktop.bench.camera.CameraBenchCommand.class,
      SubStreamBenchCommand.class
    })
public final class BenchCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a benchmark is needed (for example: bench decode); see bench --help");
  }
}
