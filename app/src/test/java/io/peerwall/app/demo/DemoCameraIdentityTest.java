package io.peerwall.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.camera.CameraAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Demo cameras keep their IDs between runs, so the wall's saved tiles and views still match. */
@Timeout(120)
class DemoCameraIdentityTest {
  @TempDir Path dataDir;

  @Test
  void aSecondDemoRunHasTheSameCameraIds() throws Exception {
    Path cache = dataDir.resolve("cache");
    Path identities = dataDir.resolve("demo-cameras");
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    List<String> first;
    try (DemoCameras cameras = DemoCameras.start(2, cache, identities, out)) {
      first = cameras.agents().stream().map(CameraAgent::cameraId).toList();
    }
    List<String> second;
    try (DemoCameras cameras = DemoCameras.start(2, cache, identities, out)) {
      second = cameras.agents().stream().map(CameraAgent::cameraId).toList();
    }
    assertThat(first).hasSize(2).doesNotHaveDuplicates();
    assertThat(second).isEqualTo(first);
    List<String> throwaway;
    try (DemoCameras cameras = DemoCameras.start(2, cache, out)) {
      throwaway = cameras.agents().stream().map(CameraAgent::cameraId).toList();
    }
    assertThat(throwaway).doesNotContainAnyElementsOf(first);
  }
}
