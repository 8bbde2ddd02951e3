package io.peerwall.camera.cli;

import io.peerwall.camera.AgentConfig;
import io.peerwall.camera.QrCode;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.CameraCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall camera init}: creates the camera's identity (its ID is a hash of its key), writes
 * the ID as a QR code, saves the settings and sets the password. Run again, it keeps the identity
 * (a new key would be a new ID and break every pairing) and only sets a password if none is set.
 */
@Command(
    name = "init",
    description = "Create this camera: identity and ID (with a QR code), settings, password.")
public final class CameraInitCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--name",
      defaultValue = "PeerWall camera",
      description = "Camera name shown on the wall (default '${DEFAULT-VALUE}').")
  String name;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the password from the first line of FILE instead of asking twice.")
  Path passwordFile;

  @Option(
      names = "--port",
      defaultValue = "7700",
      description = "Signaling port to save (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "Address to serve on, saved (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--max-stations",
      defaultValue = "8",
      paramLabel = "N",
      description = "Stations that may watch at once, saved (default ${DEFAULT-VALUE}).")
  int maxStations;

  PrintStream out = System.out;
  InputStream in = System.in;

  @Override
  public Integer call() {
    AgentConfig config;
    try {
      config = new AgentConfig(name, port, bind, maxStations);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
    AppDirs dirs = common.prepare();
    Path dir = CameraState.dir(dirs, name);
    boolean existed = CameraState.initialised(dir);
    CameraCredentials c = CameraState.open(dir);
    try {
      if (!existed || AgentConfig.load(dir) == null) {
        config.save(dir);
      }
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, e.getMessage(), e);
    }
    out.printf("%s camera '%s' in %s.%n", existed ? "Existing" : "Created", name, dir);
    out.printf("Camera ID: %s%n", c.cameraId());
    Path qr = dir.resolve("camera-id.png");
    try {
      QrCode.writePng(c.cameraId(), 360, qr);
      out.printf("QR code of the ID: %s%n", qr);
    } catch (IOException | RuntimeException e) {
      out.printf(
          "Could not write the QR code %s (%s); the ID above is all you need.%n",
          qr, e.getMessage());
    }
    if (c.pairable()) {
      out.println("The camera already has a password; change it with: ./peerwall camera passwd");
    } else {
      NewPassword.set(c, name, passwordFile, in, out);
    }
    out.printf("Start it with: ./peerwall camera serve --name '%s' --source SPEC%n", name);
    return ExitCode.OK;
  }
}
