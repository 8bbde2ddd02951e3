package io.peerwall.station.recordings;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** Runs {@link ExportCommand} from tests of other packages, with its output captured, in UTC. */
public final class ExportCommandAccess {
  private ExportCommandAccess() {}

  /** How a test runs a command: the command, where its output goes, its arguments. */
  public interface Runner<R> {
    R run(Object command, Consumer<PrintStream> setOut, String... args);
  }

  public static <R> R run(Runner<R> runner, String... args) {
    ExportCommand command = new ExportCommand();
    command.zone = ZoneOffset.UTC;
    return runner.run(command, out -> command.out = out, args);
  }
}
