package io.peerwall.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every PeerWall command takes; mixed into each command. */
public final class CommonOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep data, config and logs under DIR instead of ~/.local/share/peerwall and"
              + " ~/.config/peerwall.")
  Path dataDir;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print informational log lines on the console too (they always go to the log).")
  boolean verbose;

  /** Resolves and creates the directories, then starts logging into them. */
  public AppDirs prepare() {
    AppDirs dirs = AppDirs.forThisUser(dataDir).ensureUsable();
    Logging.configure(dirs.logs(), verbose);
    // FFmpeg's own messages (per-stream warnings, muxer notes) go to the log, not the console.
    io.peerwall.decoder.FfmpegLogging.install();
    return dirs;
  }
}
