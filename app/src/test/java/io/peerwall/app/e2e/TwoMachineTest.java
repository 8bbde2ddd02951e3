package io.peerwall.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.cli.ExitCode;
import io.peerwall.testsupport.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "watch it from another machine" walk-through, command by command as written there,
 * between two network namespaces: a camera machine serving an H.264 file made with the ffmpeg CLI,
 * and a station machine that pairs by ID and password over the link (a wrong password first),
 * watches headless and records; then the recordings are listed, verified and exported, and the
 * export is decoded by ffprobe. Every PeerWall command is a child process, as a person would run
 * it.
 */
@Timeout(900)
class TwoMachineTest {
  static final String SECTION =
      "Turn a file or an RTSP camera into a PeerWall camera and watch it from another machine";
  private static final String PASSWORD = "orchid-lantern-seventy-drifts";
  private static final Pattern STATUS =
      Pattern.compile("^\\s*Front door\\s+live\\s.*\\bLAN\\s+decoded (\\d+) of (\\d+)");

  @TempDir Path tmp;
  private TwoMachines machines;

  @BeforeEach
  void createMachines() throws Exception {
    String reason = TwoMachines.unavailableReason();
    Environment.require(reason == null, String.valueOf(reason));
    machines = TwoMachines.create(tmp);
  }

  @AfterEach
  void removeMachines() throws Exception {
    if (machines != null) {
      machines.close();
      assertThat(machines.exists()).as("the test's namespaces are gone").isFalse();
    }
  }

  @Test
  void aFileBecomesACameraThatAStationOnAnotherMachinePairsWatchesAndRecords() throws Exception {
    ReadmeSection readme = ReadmeSection.of(SECTION);
    Machine camera = machines.camera;
    Machine station = machines.station;

    // Camera machine: a clip, the camera's identity and password, then serving.
    ok(
        camera.run(
            "",
            readme.command(
                "ffmpeg -f lavfi -i testsrc=size=640x360:rate=25 -t 20 -c:v libx264 -g 50"
                    + " -pix_fmt yuv420p clip.mp4")));
    Machine.Result init =
        ok(
            camera.run(
                PASSWORD + "\n" + PASSWORD + "\n",
                readme.command(
                    "./peerwall camera init --name \"Front door\" --bind "
                        + TwoMachines.CAMERA_IP)));
    String cameraId = group(init.out(), "Camera ID: (\\S+)");
    assertThat(init.out()).contains("Camera password set (strength: strong");
    Machine.Running serve =
        camera.start(
            readme.command("./peerwall camera serve --name \"Front door\" --source file:clip.mp4"));
    serve.await("Camera 'Front door' is serving file:clip.mp4 on 192.168.1.10:7700", 180);
    String pairCommand = serve.await("Pair once with: ", 30).substring("Pair once with: ".length());
    assertThat(pairCommand)
        .isEqualTo(
            readme
                .command("./peerwall pair CAMERA-ID --address 192.168.1.10:7700")
                .replace("CAMERA-ID", cameraId));

    // Station machine: a wrong password pairs nothing (exit 10); the right one pairs.
    Machine.Result wrong = station.run("not-the-camera-password-31\n", pairCommand);
    assertThat(wrong.exitCode()).as(wrong.all()).isEqualTo(ExitCode.WRONG_PASSWORD);
    assertThat(wrong.err()).contains("wrong password").contains("nothing was paired");
    assertThat(ok(station.run("", readme.command("./peerwall cameras list"))).out())
        .doesNotContain(cameraId);
    Machine.Result paired = pairWithRetry(station, pairCommand);
    assertThat(paired.out()).contains("Paired with camera " + cameraId + " ('Front door')");
    Machine.Result cameras = ok(station.run("", readme.command("./peerwall cameras list")));
    assertThat(cameras.out()).contains(cameraId).contains("192.168.1.10:7700");
    String stationId = group(cameras.out(), "Station (\\S+)");

    // Watch and record for the README's 20 s, headless.
    Machine.Result watched =
        station.run("", readme.command("./peerwall station --headless --duration 20s"));
    assertThat(watched.exitCode()).as(watched.all()).isEqualTo(ExitCode.OK);
    long decoded = 0;
    for (String line : watched.out().split("\n")) {
      Matcher m = STATUS.matcher(line);
      if (m.find()) {
        decoded = Long.parseLong(m.group(1));
      }
    }
    // The clip is 25 fps; over 20 s a live station decodes hundreds (the last status line comes
    // some seconds before the end): 150 is six seconds of it.
    assertThat(decoded)
        .as("frames decoded over the host path\n" + watched.all())
        .isGreaterThan(150);

    // The camera saw this station, from its address on the link, and says so in its status.
    String status =
        ok(camera.run("", readme.command("./peerwall camera status --name \"Front door\""))).out();
    assertThat(status)
        .contains("paired stations: 1")
        .contains(stationId)
        .contains("RUNNING H264 640x360");
    assertThat(Long.parseLong(group(status, "\\((\\d+) since start\\)"))).isPositive();
    assertThat(
            Files.readString(
                camera.peerwallData().resolve("logs/peerwall.log"), StandardCharsets.UTF_8))
        .contains("connected from " + TwoMachines.STATION_IP);

    // Stopped as a service manager stops it (SIGTERM; the JVM then exits 128 + 15 = 143, as it
    // exits 130 on Ctrl-C): an orderly stop, with the summary line and no status file left.
    long t0 = System.nanoTime();
    int exit = serve.terminate();
    String stopped =
        serve.output()
            + "\n--- stopped in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms; camera log tail:\n"
            + tail(camera.peerwallData().resolve("logs/peerwall.log"), 30);
    assertThat(exit).as(stopped).isEqualTo(143);
    assertThat(serve.output())
        .as(stopped)
        .containsPattern("Served [1-9]\\d* frame\\(s\\) to 1 station session");
    assertThat(camera.peerwallData().resolve("camera/front-door/status.json")).doesNotExist();

    // What the station recorded: listed, intact, exported to an MP4 that decodes.
    String list = ok(station.run("", readme.command("./peerwall recordings list"))).out();
    assertThat(list).contains("Front door").contains(cameraId);
    assertThat(ok(station.run("", readme.command("./peerwall recordings verify"))).out())
        .contains("all intact");
    ok(
        station.run(
            "",
            readme.command(
                "./peerwall export --camera \"Front door\" --from -10m --to now -o"
                    + " front-door.mp4")));
    String probe =
        ok(station.run(
                "",
                "ffprobe -v error -count_frames -select_streams v:0 -show_entries"
                    + " stream=codec_name,width,height,nb_read_frames -of csv=p=0 front-door.mp4"))
            .out()
            .strip();
    String[] fields = probe.split(",");
    assertThat(fields).as(probe).hasSize(4);
    assertThat(fields[0] + "," + fields[1] + "," + fields[2]).isEqualTo("h264,640,360");
    assertThat(Long.parseLong(fields[3])).as(probe).isPositive();
  }

  /**
   * Pairs; after the wrong guess the camera may still be slowing this source down (exit 11, it says
   * when to retry), which is what the README tells people to wait out.
   */
  private static Machine.Result pairWithRetry(Machine station, String pairCommand)
      throws Exception {
    Machine.Result r = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      r = station.run(PASSWORD + "\n", pairCommand);
      if (r.exitCode() != ExitCode.LOCKED_OUT) {
        break;
      }
      Thread.sleep(2_000);
    }
    return ok(r);
  }

  private static String tail(Path file, int lines) throws IOException {
    List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
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
