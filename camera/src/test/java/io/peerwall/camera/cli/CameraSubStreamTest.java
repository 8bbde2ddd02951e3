package io.peerwall.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code camera serve} makes a sub stream when none is given: a real agent serving a live test
 * pattern (the raw-picture path a webcam takes too), a real station that selects the sub stream and
 * back, and real decoding of what arrives.
 */
@Timeout(180)
class CameraSubStreamTest {
  private static final String PASSWORD = "orchid-lantern-seventy-drifts";
  private static final Pattern WHERE = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+)\\.");
  private static final Pattern ID = Pattern.compile("Camera ID: (\\S+)");

  @TempDir Path data;

  @Test
  void aLiveSourceGetsAScaledSubStreamThatAStationSelectsAndLeaves() throws Exception {
    init("Yard");
    ServingCamera serve =
        ServingCamera.start(
            "--data-dir",
            data.toString(),
            "--name",
            "Yard",
            "--source",
            "testpattern:640x360@15",
            "--live",
            "--port",
            "0");
    try {
      String text = serve.awaitBanner("Watch it with");
      assertThat(text)
          .contains(
              "Sub stream: 320x180@15, scaled from the main pictures and encoded with libopenh264");
      Matcher where = WHERE.matcher(text);
      Matcher id = ID.matcher(text);
      assertThat(where.find()).as(text).isTrue();
      assertThat(id.find()).as(text).isTrue();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(where.group(1)));
      SignalingClient station = new SignalingClient(SignalingClient.Config.loopback());
      station.pair(address, id.group(1), PASSWORD.toCharArray());
      try (Pictures pictures = new Pictures();
          StationSession session = station.connect(address, pictures::add)) {
        pictures.awaitSize(640, 360);
        session.selectStreams(List.of("sub"));
        pictures.awaitSize(320, 180);
        session.selectStreams(List.of("main"));
        pictures.awaitSize(640, 360);
        // Both at once (a recording station with a small tile): the status says so.
        session.selectStreams(List.of("main", "sub"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String sessions = "";
        while (!sessions.contains("main + sub streams")) {
          assertThat(System.nanoTime())
              .as("status shows both streams: %s", sessions)
              .isLessThan(deadline);
          Thread.sleep(200);
          sessions =
              CameraCli.run("", "status", "--data-dir", data.toString(), "--name", "Yard").out();
        }
      }
      JsonNode status =
          new ObjectMapper()
              .readTree(Files.readAllBytes(data.resolve("camera/yard/status.json")))
              .get("subStream");
      assertThat(status.get("summary").asText()).startsWith("320x180@15, scaled");
      assertThat(status.get("width").asInt()).isEqualTo(320);
      assertThat(status.get("height").asInt()).isEqualTo(180);
      assertThat(status.has("framesDropped")).isTrue();
      CameraCli.Result shown =
          CameraCli.run("", "status", "--data-dir", data.toString(), "--name", "Yard");
      assertThat(shown.out())
          .contains("sub stream: 320x180@15, scaled from the main pictures")
          .contains("RUNNING 320x180");
    } finally {
      serve.stop();
    }
    assertThat(serve.exitCode()).as(serve.banner()).isZero();
  }

  @Test
  void theReplayedTestPatternGetsASmallerClipAndTheSubStreamCanBeSwitchedOff() {
    init("Gate");
    CameraCli.Result replay =
        serve("Gate", "--source", "testpattern:640x360@15", "--duration", "1s");
    assertThat(replay.exitCode()).as(replay.err()).isZero();
    assertThat(replay.out())
        .contains("Sub stream: 320x180@15, a smaller pre-encoded test pattern clip");
    CameraCli.Result off = serve("Gate", "--no-sub-stream", "--duration", "1s");
    assertThat(off.exitCode()).as(off.err()).isZero();
    assertThat(off.out()).contains("Sub stream: none (--no-sub-stream)");
    CameraCli.Result file = serve("Gate", "--source", "file:/nonexistent.mp4", "--duration", "1s");
    assertThat(file.out()).contains("Sub stream: none (file and RTSP sources are passed through");
    CameraCli.Result both =
        serve("Gate", "--no-sub-stream", "--sub-source", "testpattern", "--duration", "1s");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--sub-source and --no-sub-stream");
  }

  private void init(String name) {
    CameraCli.Result r =
        CameraCli.run(
            PASSWORD + "\n" + PASSWORD + "\n",
            "init",
            "--data-dir",
            data.toString(),
            "--name",
            name);
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  private CameraCli.Result serve(String name, String... more) {
    String[] args = new String[6 + more.length];
    System.arraycopy(
        new String[] {"serve", "--data-dir", data.toString(), "--name", name, "--port=0"},
        0,
        args,
        0,
        6);
    System.arraycopy(more, 0, args, 6, more.length);
    return CameraCli.run("", args);
  }

  /** Decodes what the station receives and keeps the size of the latest decoded picture. */
  private static final class Pictures implements AutoCloseable {
    private final StreamDecoder decoder = new StreamDecoder(VideoCodec.H264);
    private final FrameBuffer tile = new FrameBuffer(64, 36);
    private int width;
    private int height;

    synchronized void add(EncodedFrame frame) {
      AccessUnit unit =
          new AccessUnit(
              VideoCodec.H264,
              frame.annexB(),
              frame.rtpTimestamp() * 1_000_000L / 90_000,
              frame.captureEpochMicros(),
              frame.keyframe());
      if (decoder.decode(unit, tile) == DecodeStatus.FRAME) {
        width = decoder.sourceWidth();
        height = decoder.sourceHeight();
        notifyAll();
      }
    }

    /** Waits until a picture of this size has been decoded (the latest one has it). */
    synchronized void awaitSize(int w, int h) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (width != w || height != h) {
        long left = deadline - System.nanoTime();
        assertThat(left)
            .as("a %dx%d picture within 60 s (now %dx%d)", w, h, width, height)
            .isPositive();
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }

    @Override
    public synchronized void close() {
      decoder.close();
    }
  }
}
