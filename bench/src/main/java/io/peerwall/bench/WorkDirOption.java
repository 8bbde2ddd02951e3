package io.peerwall.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where benchmark clips are made and kept between runs (they take a while to encode). */
final class WorkDirOption {

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Keep benchmark clips in DIR (default: ${DEFAULT-VALUE}).")
  Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "peerwall-bench");
}
