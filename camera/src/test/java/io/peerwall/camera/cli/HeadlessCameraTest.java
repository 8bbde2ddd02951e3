package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The camera agent's entry point runs in a JVM with no JavaFX at all (as the launcher starts it).
 */
@Timeout(120)
class HeadlessCameraTest {
  @TempDir Path data;

  @Test
  void cameraCommandsRunWithoutJavaFx() throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // The camera module's own class path: JavaFX is not a dependency of it at all.
    assertThat(Arrays.asList(cp.split(File.pathSeparator)))
        .as("no JavaFX jar on the camera module's class path")
        .noneMatch(e -> e.contains("/org/openjfx/"));
    Path pw = data.resolve("pw");
    java.nio.file.Files.writeString(pw, "orchid-lantern-seventy-drifts\n");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                cp,
                "io.peerwall.camera.cli.CameraMain",
                "init",
                "--data-dir",
                data.toString(),
                "--password-file",
                pw.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("Camera ID: ").doesNotContain("javafx");
  }
}
