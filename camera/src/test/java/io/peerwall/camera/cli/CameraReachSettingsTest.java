package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.AgentConfig;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.rendezvous.RendezvousServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camera serve --rendezvous --stun --turn}: kept in camera.json (the TURN password sealed,
 * never in clear), the rendezvous's key pinned from the address's ID in rendezvous-pins.json, the
 * registration shown on the console, in the status file and in {@code camera status}; a later
 * {@code serve} without options registers again; a mistyped ID is refused before anything runs.
 */
@Timeout(120)
class CameraReachSettingsTest {
  private static final String PW = "orchid-lantern-seventy-drifts";

  @TempDir Path data;

  @Test
  void reachSettingsAreKeptSealedAndUsed() throws Exception {
    assertThat(
            CameraCli.run(
                    PW + "\n" + PW + "\n", "init", "--data-dir", data.toString(), "--name", "Porch")
                .exitCode())
        .isZero();
    Identity key = Identity.generate();
    try (RendezvousServer rdv =
        new RendezvousServer(
            io.peerwall.p2p.rendezvous.RendezvousConfig.of(
                InetAddress.getLoopbackAddress(), 0, 8, key))) {
      rdv.start();
      String address = "127.0.0.1:" + rdv.port() + "#" + rdv.rendezvousId();
      Path turnPassword = data.resolve("turn-password");
      Files.writeString(turnPassword, "turn-pass-in-a-file\n");
      Files.setPosixFilePermissions(turnPassword, PosixFilePermissions.fromString("rw-------"));
      CompletableFuture<CameraCli.Result> serve =
          CompletableFuture.supplyAsync(
              () ->
                  CameraCli.run(
                      "",
                      "serve",
                      "--data-dir",
                      data.toString(),
                      "--name",
                      "Porch",
                      "--source",
                      "testpattern:160x90@10",
                      "--port",
                      "0",
                      "--rendezvous",
                      address,
                      "--stun",
                      "127.0.0.1:3478",
                      "--turn",
                      "127.0.0.1:3478",
                      "--turn-user",
                      "porch",
                      "--turn-password-file",
                      turnPassword.toString(),
                      "--duration",
                      "6s"));
      Path dir = data.resolve("camera/porch");
      Path status = dir.resolve("status.json");
      long deadline = System.currentTimeMillis() + 60_000;
      while (!(Files.exists(status) && Files.readString(status).contains("\"registered\" : true"))
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(status)).contains("\"registered\" : true");
      assertThat(rdv.registeredCameras()).isEqualTo(1);
      CameraCli.Result r = serve.get(60, TimeUnit.SECONDS);
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("Saved how stations reach this camera")
          .contains("Registered with rendezvous 127.0.0.1:" + rdv.port())
          .contains("From anywhere: ./peerwall network --rendezvous " + address);

      String json = Files.readString(dir.resolve(AgentConfig.FILE));
      assertThat(json).contains(address).contains("127.0.0.1:3478").doesNotContain("turn-pass");
      assertThat(AgentConfig.load(dir).reach().turn().get(0).sealedPassword()).startsWith("v1.");
      assertThat(Files.readString(dir.resolve(CameraReach.PINS_FILE))).contains(rdv.rendezvousId());

      // Kept: a plain serve registers again.
      CameraCli.Result again =
          CameraCli.run(
              "",
              "serve",
              "--data-dir",
              data.toString(),
              "--name",
              "Porch",
              "--source",
              "testpattern:160x90@10",
              "--port",
              "0",
              "--duration",
              "4s");
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.out()).contains("Registered with rendezvous");
    }

    CameraCli.Result typo =
        CameraCli.run(
            "",
            "serve",
            "--data-dir",
            data.toString(),
            "--name",
            "Porch",
            "--rendezvous",
            "127.0.0.1:7800#" + key.id().substring(0, 20) + "XXXX-XXX",
            "--duration",
            "1s");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("rendezvous ID");
  }
}
