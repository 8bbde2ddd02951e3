package io.peerwall.camera.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code peerwall camera …}: run this machine as a PeerWall camera. */
@Command(
    name = "camera",
    description = "Run a camera agent: serve a video source to stations.",
    subcommands = {
      CameraInitCommand.class,
      CameraServeCommand.class,
      CameraStatusCommand.class,
      CameraPasswdCommand.class,
      CameraSourceCommand.class,
      CameraUnpairCommand.class
    })
public final class CameraCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "a camera command is needed (init, serve, status, passwd, source or unpair)");
  }
}
