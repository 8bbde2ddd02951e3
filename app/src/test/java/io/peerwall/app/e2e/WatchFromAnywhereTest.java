package io.peerwall.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.bench.reach.CoturnProcess;
import io.peerwall.bench.reach.NatLab;
import io.peerwall.bench.reach.NatType;
import io.peerwall.testsupport.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Watch a camera from anywhere", command by command as written there, in the NAT lab:
 * the public machine at the README's {@code 203.0.113.7} (coturn and the rendezvous), the camera
 * machine behind one NAT router and the station machine behind another. Every command is a child
 * process in its machine's namespace, as a person would run it; {@code RENDEZVOUS-ID} and {@code
 * CAMERA-ID} are what the commands printed.
 */
@Timeout(600)
class WatchFromAnywhereTest {
  static final String SECTION = "Watch a camera from anywhere";
  private static final String PASSWORD = "orchid-lantern-seventy-drifts";
  private static final Pattern STATUS =
      Pattern.compile("^\\s*Garden\\s+live\\s.*\\b(direct|relay|LAN)\\s+decoded (\\d+) of");

  @TempDir Path tmp;

  @Test
  void aCameraBehindOneNatIsWatchedFromBehindAnotherByItsIdAlone() throws Exception {
    String why = NatLab.unavailableReason();
    Environment.require(why == null, String.valueOf(why));
    Environment.require(
        CoturnProcess.installed(), "coturn is not installed (apt-get install coturn)");
    ReadmeSection readme = ReadmeSection.of(SECTION);
    try (NatLab lab =
            NatLab.create(
                "rm",
                "203.0.113.7",
                List.of(
                    NatLab.SiteSpec.of("home", NatType.PORT_RESTRICTED),
                    NatLab.SiteSpec.of("away", NatType.PORT_RESTRICTED)));
        Machine vps = new Machine(lab.publicNamespace(), tmp.resolve("vps"));
        Machine camera = new Machine(lab.site("home").host(), tmp.resolve("camera"));
        Machine station = new Machine(lab.site("away").host(), tmp.resolve("station"))) {
      // The public machine: coturn's configuration and secret, coturn, the rendezvous.
      Machine.Result config =
          ok(
              vps.run(
                  "",
                  readme.command("./peerwall rendezvous coturn-config --public-ip 203.0.113.7")));
      assertThat(config.out()).contains("Open: TCP 7800 (rendezvous), UDP 3478 (STUN/TURN)");
      vps.start(readme.command("turnserver -c turnserver.conf"));
      Machine.Running rendezvous =
          vps.start(
              readme.command(
                  "./peerwall rendezvous --bind 203.0.113.7 --stun 203.0.113.7:3478 --turn"
                      + " 203.0.113.7:3478 --turn-secret-file turn-secret"));
      String use = rendezvous.await("Cameras and stations use: ", 120);
      String address = use.substring("Cameras and stations use: ".length()).strip();
      assertThat(address).startsWith("203.0.113.7:7800#");
      String rendezvousId = address.substring(address.indexOf('#') + 1);

      // The camera machine.
      Machine.Result init =
          ok(
              camera.run(
                  PASSWORD + "\n" + PASSWORD + "\n",
                  readme.command("./peerwall camera init --name \"Garden\" --bind 0.0.0.0")));
      String cameraId = group(init.out(), "Camera ID: (\\S+)");
      Machine.Running serve =
          camera.start(
              readme
                  .command(
                      "./peerwall camera serve --name \"Garden\" --source testpattern"
                          + " --rendezvous 203.0.113.7:7800#RENDEZVOUS-ID")
                  .replace("RENDEZVOUS-ID", rendezvousId));
      serve.await(
          "Registered with rendezvous 203.0.113.7:7800: stations reach this camera by its ID.",
          180);

      // The station machine: the rendezvous, pairing by ID alone, watching.
      ok(
          station.run(
              "",
              readme
                  .command("./peerwall network --rendezvous 203.0.113.7:7800#RENDEZVOUS-ID")
                  .replace("RENDEZVOUS-ID", rendezvousId)));
      Machine.Result paired =
          ok(
              station.run(
                  PASSWORD + "\n",
                  readme.command("./peerwall pair CAMERA-ID").replace("CAMERA-ID", cameraId)));
      assertThat(paired.out()).contains("Paired with camera " + cameraId + " ('Garden')");
      Machine.Result watched =
          station.run("", readme.command("./peerwall station --headless --duration 20s"));
      assertThat(watched.exitCode()).as(watched.all()).isZero();
      String path = null;
      long decoded = 0;
      for (String line : watched.out().split("\n")) {
        Matcher m = STATUS.matcher(line);
        if (m.find()) {
          path = m.group(1);
          decoded = Long.parseLong(m.group(2));
        }
      }
      assertThat(path)
          .as("two port-restricted NATs: peer to peer\n" + watched.all())
          .isEqualTo("direct");
      assertThat(decoded).as(watched.all()).isGreaterThan(50);
      assertThat(watched.out())
          .contains("Garden: live, direct path")
          .contains("through rendezvous");
    }
  }

  private static Machine.Result ok(Machine.Result r) {
    assertThat(r.exitCode()).as(r.all()).isZero();
    return r;
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'" + regex + "' in:\n" + text).isTrue();
    return m.group(1);
  }
}
