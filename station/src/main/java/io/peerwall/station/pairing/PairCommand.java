package io.peerwall.station.pairing;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.PasswordInput;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.PeerId;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.station.StationSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerwall pair CAMERA-ID}: pair this station with a camera by its ID and password, once.
 * The password is read from a prompt (no echo) or {@code --password-file}; it never leaves this
 * process (SRP-6a over Argon2id), and afterwards only the camera's public key is kept.
 */
@Command(
    name = "pair",
    description = {
      "Pair this station with a camera, by its ID and password (asked for, or --password-file).",
      "The camera is found at --address, else on the LAN (mDNS), else through the configured"
          + " rendezvous. The password is never sent or stored; the camera's key is pinned."
    })
public final class PairCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "CAMERA-ID", description = "The ID printed on the camera.")
  String cameraId;

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      converter = HostPort.class,
      description = "The camera's signaling address (skips discovery).")
  InetSocketAddress address;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Read the password from the first line of FILE instead of asking.")
  Path passwordFile;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    String id;
    try {
      id = PeerId.parse(cameraId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    AppDirs dirs = common.prepare();
    StationCredentials station = StationSetup.open(dirs);
    if (station.trust().camera(id) != null) {
      out.println("Camera " + id + " is already paired with this station.");
      return ExitCode.OK;
    }
    SignalingClient client =
        new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
    CameraLocator.Located where = new CameraLocator(dirs, out).locate(id, address);
    char[] password = PasswordInput.read(passwordFile, "Password of camera " + id + ": ");
    long t0 = System.nanoTime();
    try {
      PairedPeer p = where.pair(client, id, password);
      out.printf(
          "Paired with camera %s ('%s') in %d ms; its key is pinned.%n",
          p.id(), p.name(), (System.nanoTime() - t0) / 1_000_000);
      return ExitCode.OK;
    } catch (SignalingException e) {
      throw new UserFacingException(
          PairingExitCodes.of(e.reason()),
          PairingExitCodes.message(e.reason(), id, e.retryAfterMillis()),
          e);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.CAMERA_UNREACHABLE,
          "camera " + id + " could not be reached: " + e.getMessage(),
          e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
