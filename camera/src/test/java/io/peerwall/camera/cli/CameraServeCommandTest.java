package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code camera serve} writes a status file while it serves and removes it when it stops. */
@Timeout(90)
class CameraServeCommandTest {
  @TempDir Path data;

  @Test
  void servesATestPatternAndReportsItsStatus() throws Exception {
    String pw = "orchid-lantern-seventy-drifts";
    assertThat(
            CameraCli.run(
                    pw + "\n" + pw + "\n", "init", "--data-dir", data.toString(), "--name", "Porch")
                .exitCode())
        .isZero();
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
                    "--max-stations",
                    "2",
                    "--duration",
                    "8s"));
    Path status = data.resolve("camera/porch/status.json");
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.exists(status) && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(status).exists();
    String json = Files.readString(status);
    assertThat(json).contains("\"source\" : \"testpattern:160x90@10\"").contains("\"sessions\"");
    CameraCli.Result r = serve.get(60, TimeUnit.SECONDS);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("is serving testpattern:160x90@10");
    assertThat(status).doesNotExist();
  }

  @Test
  void aBadSourceSpecIsAUsageError() {
    CameraCli.Result r =
        CameraCli.run(
            "",
            "serve",
            "--data-dir",
            data.toString(),
            "--source",
            "rtsp://u:hunter2@",
            "--duration",
            "1s");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--source").doesNotContain("hunter2");
  }
}
