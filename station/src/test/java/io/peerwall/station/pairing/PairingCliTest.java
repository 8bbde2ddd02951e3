package io.peerwall.station.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pair} and {@code cameras} against a real camera on loopback, with their exit codes. */
@Timeout(60)
class PairingCliTest {
  private static final String PASSWORD = "granite willow seventeen echoes";

  private record Run(int exit, String out, String err) {}

  private static Run run(Object command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    if (command instanceof PairCommand p) {
      p.out = ps;
    } else if (command instanceof CamerasCommand.ListCameras l) {
      l.out = ps;
    } else if (command instanceof CamerasCommand.RemoveCamera r) {
      r.out = ps;
    }
    ErrorPolicy errors = new ErrorPolicy();
    CommandLine cl =
        new CommandLine(command)
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void pairListRemoveAndEveryFailureHasItsOwnExitCode(@TempDir Path dir) throws Exception {
    CameraCredentials camera =
        CameraCredentials.ephemeral(PASSWORD.toCharArray(), List.of("Porch"));
    // The agent 'camera serve' runs.
    try (CameraAgent server =
        new CameraAgent(
            SignalingServer.Config.loopback("Porch", camera),
            new ClipReplaySource(
                "Porch",
                SyntheticClipEncoder.encode(
                    SyntheticClipSpec.defaults("Porch").withSize(160, 90))))) {
      server.start();
      String address = "127.0.0.1:" + server.port();
      Path good = Files.writeString(dir.resolve("good.txt"), PASSWORD + "\n");
      Path bad = Files.writeString(dir.resolve("bad.txt"), "not the password at all\n");
      String data = dir.resolve("station").toString();

      Run typo = run(new PairCommand(), camera.cameraId().replace('-', 'x'), "--data-dir", data);
      assertThat(typo.exit()).isEqualTo(2);

      Run wrong =
          run(
              new PairCommand(),
              camera.cameraId(),
              "--address",
              address,
              "--password-file",
              bad.toString(),
              "--data-dir",
              data);
      assertThat(wrong.exit()).isEqualTo(ExitCode.WRONG_PASSWORD);
      assertThat(wrong.err()).contains("wrong password");

      Run locked =
          run(
              new PairCommand(),
              camera.cameraId(),
              "--address",
              address,
              "--password-file",
              good.toString(),
              "--data-dir",
              data);
      assertThat(locked.exit()).as(locked.err()).isEqualTo(ExitCode.LOCKED_OUT);

      Thread.sleep(1100);
      Run ok =
          run(
              new PairCommand(),
              camera.cameraId(),
              "--address",
              address,
              "--password-file",
              good.toString(),
              "--data-dir",
              data);
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("Paired with camera " + camera.cameraId());

      Run list = run(new CamerasCommand.ListCameras(), "--data-dir", data);
      assertThat(list.out()).contains(camera.cameraId()).contains("Porch").contains(address);
      Path stationDir = dir.resolve("station/config/station");
      assertThat(
              PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(stationDir.resolve("identity.key"))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(stationDir.resolve("cameras.json"))).doesNotContain(PASSWORD);

      Run other =
          run(
              new PairCommand(),
              new io.peerwall.p2p.identity.Identity[] {io.peerwall.p2p.identity.Identity.generate()}
                  [0].id(),
              "--address",
              address,
              "--password-file",
              good.toString(),
              "--data-dir",
              data);
      assertThat(other.exit()).isEqualTo(ExitCode.UNKNOWN_ID);

      assertThat(
              run(new CamerasCommand.RemoveCamera(), camera.cameraId(), "--data-dir", data).exit())
          .isZero();
      assertThat(
              run(new CamerasCommand.RemoveCamera(), camera.cameraId(), "--data-dir", data).exit())
          .isEqualTo(ExitCode.NOT_PAIRED);
    }
  }
}
