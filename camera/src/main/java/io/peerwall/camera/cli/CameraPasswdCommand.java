package io.peerwall.camera.cli;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.pairing.CameraCredentials;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall camera passwd}: local password reset. Whoever owns the data directory owns the
 * camera, so the old password is not asked for; stations already paired stay paired.
 */
@Command(
    name = "passwd",
    description = "Set a new camera password (local reset; paired stations stay paired).")
public final class CameraPasswdCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--name", defaultValue = "PeerWall camera", description = "Which camera.")
  String name;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the new password from the first line of FILE instead of asking twice.")
  Path passwordFile;

  PrintStream out = System.out;
  InputStream in = System.in;

  @Override
  public Integer call() {
    AppDirs dirs = common.prepare();
    Path dir = CameraState.dir(dirs, name);
    CameraCredentials c = CameraState.openExisting(dir, name);
    CameraState.requireNotServing(dir, "change the password here");
    NewPassword.set(c, name, passwordFile, in, out);
    return ExitCode.OK;
  }
}
