package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.VideoSource;
import io.peerwall.decoder.source.SourceSettings;
import io.peerwall.decoder.source.SourceSpec;
import io.peerwall.decoder.source.Sources;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.testsupport.Environment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent serving real decoder sources to real stations (pairing, ICE, DTLS-SRTP on loopback):
 * file and RTSP passthrough keep the camera's slices byte-identical; two stations share one open
 * source; a late station gets the cached GOP at once.
 */
@Timeout(120)
class CameraSourcesTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";
  private static final Path SERVE_PY = Path.of("../decoder/src/test/resources/rtsp/serve.py");

  @TempDir Path tmp;

  private static CameraCredentials camera() throws Exception {
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("Test"));
    return c;
  }

  @Test
  void fileIsPassedThroughToTwoStationsFromOneOpenSource() throws Exception {
    Path mp4 = TestStreams.mp4(tmp, 320, 180, 15, 4, 15);
    Set<String> fileSlices = TestStreams.slices(TestStreams.annexB(mp4));
    TestStreams.CountingSource source =
        new TestStreams.CountingSource(
            Sources.create(SourceSpec.parse("file:" + mp4), "File", SourceSettings.defaults()));
    List<List<EncodedFrame>> received = serve(source, 2, 40);
    assertThat(source.starts.get()).as("the source is opened once").isEqualTo(1);
    for (List<EncodedFrame> frames : received) {
      assertThat(frames.get(0).keyframe()).isTrue();
      for (EncodedFrame f : frames) {
        assertThat(fileSlices).containsAll(TestStreams.slices(f.annexB()));
        assertThat(TestStreams.slices(f.annexB())).isNotEmpty();
      }
    }
  }

  @Test
  void rtspCameraIsPassedThroughAndItsPasswordNeverShows() throws Exception {
    Environment.require(Files.exists(SERVE_PY), "decoder's RTSP test server script");
    Path mp4 = TestStreams.mp4(tmp, 320, 180, 15, 30, 15);
    Set<String> fileSlices = TestStreams.slices(TestStreams.annexB(mp4));
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process server =
        new ProcessBuilder(
                "/usr/bin/python3",
                SERVE_PY.toString(),
                String.valueOf(port),
                "cam",
                mp4.toString(),
                "viewer",
                "s3cret-Pa55")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      Environment.require("READY".equals(line), "GStreamer RTSP server: " + line);
      String url = "rtsp://viewer:s3cret-Pa55@127.0.0.1:" + port + "/cam";
      VideoSource source =
          Sources.create(SourceSpec.parse(url), "IP camera", SourceSettings.defaults());
      assertThat(source.name()).doesNotContain("s3cret");
      List<List<EncodedFrame>> received = serve(source, 1, 30);
      for (EncodedFrame f : received.get(0)) {
        assertThat(fileSlices).containsAll(TestStreams.slices(f.annexB()));
      }
      // Wrong credentials: the agent keeps running, retries, and says why without the password.
      VideoSource wrong =
          Sources.create(
              SourceSpec.parse("rtsp://viewer:WRONG-pass@127.0.0.1:" + port + "/cam"),
              "IP camera",
              SourceSettings.defaults());
      try (CameraAgent agent =
          new CameraAgent(SignalingServer.Config.loopback("Test", camera()), wrong)) {
        agent.start();
        waitFor(() -> !agent.sourceProblem().isEmpty(), 20_000);
        assertThat(agent.sourceProblem()).isNotEmpty().doesNotContain("WRONG-pass");
      }
    } finally {
      server.destroy();
    }
  }

  @Test
  void aLateStationGetsTheCachedGopAtOnce() throws Exception {
    Path mp4 = TestStreams.mp4(tmp, 320, 180, 15, 4, 30); // 2 s GOP
    VideoSource source =
        Sources.create(SourceSpec.parse("file:" + mp4), "File", SourceSettings.defaults());
    try (CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback("Test", camera()), source)) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      List<EncodedFrame> first = new CopyOnWriteArrayList<>();
      try (StationSession s1 = client.connect(address, first::add)) {
        waitFor(() -> first.size() >= 20, 20_000); // mid-GOP now
        List<EncodedFrame> late = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        try (StationSession s2 = client.connect(address, late::add)) {
          waitFor(() -> !late.isEmpty(), 10_000);
          assertThat(late.get(0).keyframe()).isTrue();
          assertThat(agent.lastFirstFrameNanos()).isBetween(0L, 2_000_000_000L);
          assertThat(System.nanoTime() - t0).isLessThan(2_000_000_000L + 5_000_000_000L);
        }
      }
    }
  }

  private List<List<EncodedFrame>> serve(VideoSource source, int stations, int frames)
      throws Exception {
    List<List<EncodedFrame>> received = new ArrayList<>();
    List<StationSession> sessions = new ArrayList<>();
    try (CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback("Test", camera()), source)) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      for (int i = 0; i < stations; i++) {
        List<EncodedFrame> list = new CopyOnWriteArrayList<>();
        received.add(list);
        sessions.add(client.connect(address, list::add));
      }
      waitFor(() -> received.stream().allMatch(l -> l.size() >= frames), 30_000);
      assertThat(agent.activeSessions()).isEqualTo(stations);
    } finally {
      sessions.forEach(StationSession::close);
    }
    for (List<EncodedFrame> l : received) {
      assertThat(l).hasSizeGreaterThanOrEqualTo(frames);
    }
    return received;
  }

  static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }
}
