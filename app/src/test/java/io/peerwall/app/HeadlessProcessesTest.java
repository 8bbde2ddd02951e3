package io.peerwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peerwall camera serve} and {@code peerwall station --headless} as separate processes whose
 * class paths hold no JavaFX jar: the camera from the camera module's own class path (what the
 * launcher runs), the station from the peerwall entry point with the camera and station modules
 * only, no desktop/ and no bench/ (an installation without the wall). The camera serves a test
 * pattern; the station pairs with it, watches it and decodes its frames; and asked for the wall
 * with a display in its environment, the station without desktop/ runs headless instead.
 */
@Timeout(300)
class HeadlessProcessesTest {
  private static final String PASSWORD = "orchid-lantern-seventy-drifts";
  private static final Pattern WHERE = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)\\.");
  private static final Pattern ID = Pattern.compile("Camera ID: (\\S+)");
  private static final Pattern DECODED = Pattern.compile("Porch\\s+live\\s.*decoded (\\d+) of");

  @TempDir Path dir;

  @Test
  void cameraServesAndAHeadlessStationWatchesWithoutJavaFx() throws Exception {
    List<String> cameraPath = moduleClassPath("camera");
    Set<String> stationPath = new LinkedHashSet<>();
    stationPath.add(Path.of("target", "classes").toAbsolutePath().toString()); // app: Main
    stationPath.addAll(moduleClassPath("station"));
    stationPath.addAll(cameraPath); // peerwall's command tree holds `camera` and the demo
    assertNoJavaFx(cameraPath);
    assertNoJavaFx(stationPath);
    assertThat(stationPath)
        .as("no wall and no benchmarks: an installation of the headless modules only")
        .noneMatch(e -> isModule(e, "desktop") || isModule(e, "bench"));
    assertThat(cameraPath)
        .as("the camera runs without the station")
        .noneMatch(e -> isModule(e, "station") || isModule(e, "recorder"));

    Path password = Files.writeString(dir.resolve("pw"), PASSWORD + "\n");
    Path cameraData = dir.resolve("camera");
    Path stationData = dir.resolve("station");
    String camera = String.join(File.pathSeparator, cameraPath);
    String station = String.join(File.pathSeparator, stationPath);

    Run init =
        run(
            camera,
            "io.peerwall.camera.cli.CameraMain",
            Map.of(),
            "init",
            "--data-dir",
            cameraData.toString(),
            "--name",
            "Porch",
            "--password-file",
            password.toString());
    assertThat(init.exitCode()).as(init.output()).isZero();

    Process serve =
        start(
            camera,
            "io.peerwall.camera.cli.CameraMain",
            Map.of(),
            "serve",
            "--data-dir",
            cameraData.toString(),
            "--name",
            "Porch",
            "--source",
            "testpattern:320x180@15",
            "--no-sub-stream",
            "--port",
            "0");
    Path serveLog = dir.resolve("serve.log");
    try {
      String banner = awaitOutput(serveLog, "Watch it with", 120);
      Matcher where = WHERE.matcher(banner);
      Matcher id = ID.matcher(banner);
      assertThat(where.find()).as(banner).isTrue();
      assertThat(id.find()).as(banner).isTrue();
      String address = "127.0.0.1:" + where.group(1);

      Run pair =
          run(
              station,
              "io.peerwall.app.Main",
              Map.of(),
              "pair",
              id.group(1),
              "--address",
              address,
              "--password-file",
              password.toString(),
              "--data-dir",
              stationData.toString());
      assertThat(pair.exitCode()).as(pair.output()).isZero();
      assertThat(pair.output()).contains("Paired with camera");

      Run watch =
          run(
              station,
              "io.peerwall.app.Main",
              Map.of(),
              "station",
              "--headless",
              "--duration",
              "10s",
              "--status-interval",
              "2s",
              "--data-dir",
              stationData.toString());
      System.out.println("headless station, no JavaFX:\n" + watch.output());
      assertThat(watch.exitCode()).as(watch.output()).isZero();
      assertThat(decoded(watch.output())).as(watch.output()).isGreaterThan(20);
      assertThat(watch.output()).doesNotContain("javafx").doesNotContain("JavaFX");

      // Asked for the wall with a display there, but no wall installed: headless all the same.
      Run noWall =
          run(
              station,
              "io.peerwall.app.Main",
              Map.of("DISPLAY", ":99"),
              "station",
              "--no-record",
              "--duration",
              "6s",
              "--status-interval",
              "2s",
              "--data-dir",
              stationData.toString());
      assertThat(noWall.exitCode()).as(noWall.output()).isZero();
      assertThat(noWall.output()).contains("1 of 1 cameras live");
      assertThat(decoded(noWall.output())).as(noWall.output()).isGreaterThan(20);
    } finally {
      serve.destroy(); // SIGTERM: the agent shuts down in order
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(serve.exitValue()).as(Files.readString(serveLog)).isEqualTo(143);
  }

  /**
   * A module's class path as its build wrote it (target/classpath.txt: its runtime dependencies)
   * plus its own classes.
   */
  private static List<String> moduleClassPath(String module) throws IOException {
    Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
    List<String> path = new ArrayList<>();
    path.add(target.resolve("classes").toString());
    path.addAll(
        Arrays.asList(Files.readString(target.resolve("classpath.txt")).strip().split(":")));
    return path;
  }

  /** Whether a class path entry is that PeerWall module (its classes or its jar). */
  private static boolean isModule(String entry, String module) {
    return entry.contains("/" + module + "/target/") || entry.contains("peerwall-" + module + "-");
  }

  private static void assertNoJavaFx(java.util.Collection<String> classPath) {
    assertThat(classPath).isNotEmpty().noneMatch(e -> e.contains("/org/openjfx/"));
  }

  private static long decoded(String output) {
    long most = 0;
    Matcher m = DECODED.matcher(output);
    while (m.find()) {
      most = Math.max(most, Long.parseLong(m.group(1)));
    }
    return most;
  }

  private record Run(int exitCode, String output) {}

  private Run run(String classPath, String main, Map<String, String> env, String... args)
      throws Exception {
    Path log = Files.createTempFile(dir, "run-", ".log");
    Process p = builder(classPath, main, env, args).redirectOutput(log.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("still running after 180 s: " + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private Process start(String classPath, String main, Map<String, String> env, String... args)
      throws IOException {
    return builder(classPath, main, env, args)
        .redirectOutput(dir.resolve("serve.log").toFile())
        .start();
  }

  /** The launcher's JVM options; no display unless the test gives one. */
  private static ProcessBuilder builder(
      String classPath, String main, Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dice4j.harvest.mapping.aws.enabled=false");
    cmd.add("-Dice4j.harvest.mapping.stun.enabled=false");
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(main);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("DISPLAY");
    pb.environment().remove("WAYLAND_DISPLAY");
    pb.environment().putAll(env);
    return pb;
  }

  private static String awaitOutput(Path log, String marker, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String text = "";
    while (System.nanoTime() < deadline) {
      text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (text.contains(marker)) {
        return text;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + marker + "' within " + seconds + " s: " + text);
  }
}
