package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.ice.PathType;
import io.peerwall.p2p.ice.SelectedPath;
import io.peerwall.p2p.media.MediaReceiver;
import io.peerwall.p2p.media.MediaSender;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.testutil.ThreadLeaks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionEndToEndTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    ThreadLeaks.assertNone();
  }

  /** A camera whose sessions are handed to the test. */
  private static final class Camera implements CameraSessionListener {
    final BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();
    final BlockingQueue<String> ended = new LinkedBlockingQueue<>();
    final List<String> startThreads = new CopyOnWriteArrayList<>();

    @Override
    public void onSessionStarted(CameraSession session) {
      startThreads.add(Thread.currentThread().getName());
      started.add(session);
    }

    @Override
    public void onSessionEnded(CameraSession session, String reason) {
      ended.add(reason);
    }
  }

  private SignalingServer startServer(Camera camera) throws Exception {
    SignalingServer server =
        new SignalingServer(
            SignalingServer.Config.loopback("Front door", TestPeers.camera()), camera);
    server.start();
    toClose.add(server);
    return server;
  }

  private static long nowMicros() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
  }

  @Test
  void signalingThenIceThenHundredFramesArriveIntact() throws Exception {
    Camera camera = new Camera();
    SignalingServer server = startServer(camera);
    assertThat(server.port()).isPositive();

    BlockingQueue<EncodedFrame> received = new LinkedBlockingQueue<>();
    List<String> deliveryThreads = new CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    StationSession station =
        TestPeers.pairedClient(server)
            .connect(
                new InetSocketAddress(LOOPBACK, server.port()),
                f -> {
                  deliveryThreads.add(Thread.currentThread().getName());
                  received.add(f);
                });
    toClose.add(station);
    long setupMs = (System.nanoTime() - t0) / 1_000_000;
    CameraSession cam = camera.started.poll(5, TimeUnit.SECONDS);
    assertThat(cam).isNotNull();
    System.out.printf(
        "session setup (TCP + hello/offer/answer + ICE): %d ms, ICE connect %d ms%n",
        setupMs, station.iceSession().connectMillis());

    assertThat(station.hello().cameraName()).isEqualTo("Front door");
    assertThat(station.hello().cameraId()).isEqualTo(server.config().cameraId());
    assertThat(station.hello().version()).isEqualTo(SignalingCodec.PROTOCOL_VERSION);
    for (SelectedPath p : List.of(station.selectedPath(), cam.selectedPath())) {
      assertThat(p.type()).isEqualTo(PathType.HOST);
      assertThat(p.local().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(p.remote().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }
    assertThat(camera.startThreads).allMatch(n -> n.startsWith("p2p-sig-conn-"));

    Random r = new Random(2024);
    List<EncodedFrame> sent = new ArrayList<>();
    long sendStart = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      EncodedFrame f = SyntheticFrames.frame(r, i, nowMicros());
      sent.add(f);
      cam.sender().send(f);
      if (i % 10 == 9) {
        Thread.sleep(5); // mild pacing, like a live source in bursts
      }
    }
    List<EncodedFrame> got = new ArrayList<>();
    while (got.size() < sent.size()) {
      EncodedFrame f = received.poll(5, TimeUnit.SECONDS);
      assertThat(f).as("frame %d", got.size()).isNotNull();
      got.add(f);
    }
    long sendMs = (System.nanoTime() - sendStart) / 1_000_000;
    long bytes = sent.stream().mapToLong(f -> f.annexB().length).sum();
    System.out.printf("100 frames, %d bytes, camera->station in %d ms%n", bytes, sendMs);

    for (int i = 0; i < sent.size(); i++) {
      EncodedFrame s = sent.get(i);
      EncodedFrame g = got.get(i);
      assertThat(g.annexB()).as("frame %d", i).isEqualTo(s.annexB());
      assertThat(g.keyframe()).isEqualTo(s.keyframe());
      assertThat(g.rtpTimestamp()).isEqualTo(s.rtpTimestamp());
      assertThat(Math.abs(g.captureEpochMicros() - s.captureEpochMicros())).isLessThan(1000);
    }
    assertThat(deliveryThreads).allMatch(n -> n.equals("p2p-frames-" + station.id()));

    MediaReceiver.Stats rs = station.stats();
    MediaSender.Stats ss = cam.sender().stats();
    System.out.println("receiver: " + rs);
    System.out.println("sender:   " + ss);
    assertThat(rs.framesCompleted()).isEqualTo(100);
    assertThat(rs.framesDelivered()).isEqualTo(100);
    assertThat(rs.packetsReceived()).isEqualTo(ss.packetsSent());
    assertThat(rs.framesDroppedGap()).isZero();
    assertThat(rs.malformedPacketsDropped()).isZero();
    assertThat(ss.framesSent()).isEqualTo(100);

    // RTCP: the camera's SRs and the station's RRs cross within a couple of intervals.
    long deadline = System.currentTimeMillis() + 4000;
    while ((station.stats().rtcpReceived() == 0 || cam.sender().stats().rtcpReceived() == 0)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(station.stats().rtcpReceived()).isPositive();
    assertThat(station.stats().malformedPacketsDropped()).isZero();
    assertThat(cam.sender().stats().rtcpReceived()).isPositive();
    assertThat(cam.sender().stats().rtcpMalformed()).isZero();
    assertThat(cam.sender().stats().lastFractionLost()).isZero();

    station.close();
    assertThat(camera.ended.poll(5, TimeUnit.SECONDS)).startsWith("bye from station");
    assertThat(server.sessions()).isEmpty();
  }

  @Test
  void keyframeRequestsTravelBackToTheCamera() throws Exception {
    Camera camera = new Camera();
    SignalingServer server = startServer(camera);
    BlockingQueue<EncodedFrame> received = new LinkedBlockingQueue<>();
    StationSession station =
        TestPeers.pairedClient(server)
            .connect(new InetSocketAddress(LOOPBACK, server.port()), received::add);
    toClose.add(station);
    CameraSession cam = camera.started.poll(5, TimeUnit.SECONDS);
    BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    cam.sender().onKeyframeRequest(() -> requests.add(Thread.currentThread().getName()));

    // 1. The stream starts with a delta frame: the station can't use it and asks for a keyframe.
    Random r = new Random(7);
    long t0 = System.nanoTime();
    cam.sender().send(SyntheticFrames.frame(r, 1, -1));
    String thread = requests.poll(5, TimeUnit.SECONDS);
    long pliMs = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("delta frame -> PLI -> camera callback: " + pliMs + " ms");
    assertThat(thread).isEqualTo("p2p-rtcp-rx-" + cam.id());
    assertThat(station.stats().framesDroppedWaitingForKeyframe()).isEqualTo(1);
    // The counter moves after the datagram left, so the camera may see the PLI first.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (station.stats().keyframeRequestsSent() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(station.stats().keyframeRequestsSent()).isGreaterThanOrEqualTo(1);

    // 2. The camera answers with a keyframe, which is delivered.
    EncodedFrame key = SyntheticFrames.frame(r, 0, -1);
    cam.sender().send(key);
    EncodedFrame got = received.poll(5, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.annexB()).isEqualTo(key.annexB());
    assertThat(got.keyframe()).isTrue();

    // 3. An explicit request from the station (e.g. decoder error).
    requests.clear();
    Thread.sleep(600); // PLIs are rate-limited to one per 500 ms
    station.requestKeyframe();
    assertThat(requests.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(cam.sender().stats().keyframeRequestsReceived()).isGreaterThanOrEqualTo(2);

    cam.close();
    CompletableFuture<String> ended = new CompletableFuture<>();
    station.onEnded(ended::complete);
    assertThat(ended.get(5, TimeUnit.SECONDS)).contains("bye from camera");
    assertThat(camera.ended.poll(5, TimeUnit.SECONDS)).isEqualTo("closed by camera");
  }

  @Test
  void malformedInputClosesOnlyThatConnection() throws Exception {
    Camera camera = new Camera();
    SignalingServer server = startServer(camera);
    List<byte[]> attacks =
        List.of(
            "this is not json\n".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"answer\",\"ice\":{}}\n".getBytes(StandardCharsets.UTF_8),
            "{\"type\":\"launch\"}\n".getBytes(StandardCharsets.UTF_8),
            new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, '\n'},
            "x".repeat(70 * 1024).getBytes(StandardCharsets.UTF_8), // no newline, oversized
            "{\"type\":\"offer\",\"ice\":{\"ufrag\":\"abcd\",\"pwd\":\"0123456789012345678901\","
                .concat("\"candidates\":[]}}\n")
                .getBytes(StandardCharsets.UTF_8));
    for (byte[] attack : attacks) {
      try (Socket s = new Socket(LOOPBACK, server.port())) {
        s.setSoTimeout(5000);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).contains("\"type\":\"hello\"");
        OutputStream out = s.getOutputStream();
        try {
          out.write(attack);
          out.flush();
        } catch (java.io.IOException e) {
          // the server may already have hung up on an oversized line
        }
        String reply = null;
        try {
          reply = in.readLine();
          while (reply != null && in.readLine() != null) {
            // drain until the server closes
          }
        } catch (java.net.SocketException e) {
          // reset is also a close
        }
        if (reply != null) {
          assertThat(reply).contains("\"type\":\"error\"");
        }
      }
    }
    // Half a line, then hang up; and a connection that says nothing at all, closed at once.
    try (Socket s = new Socket(LOOPBACK, server.port())) {
      s.getOutputStream().write("{\"type\":\"off".getBytes(StandardCharsets.UTF_8));
    }
    new Socket(LOOPBACK, server.port()).close();

    // The server is still fine.
    StationSession station =
        TestPeers.pairedClient(server)
            .connect(new InetSocketAddress(LOOPBACK, server.port()), f -> {});
    toClose.add(station);
    assertThat(camera.started.poll(5, TimeUnit.SECONDS)).isNotNull();
    assertThat(station.selectedPath().type()).isEqualTo(PathType.HOST);
  }

  @Test
  void aRestartedCameraGetsItsPortBackAtOnce() throws Exception {
    Camera camera = new Camera();
    SignalingServer first = startServer(camera);
    int port = first.port();
    StationSession station =
        TestPeers.pairedClient(first).connect(new InetSocketAddress(LOOPBACK, port), f -> {});
    assertThat(camera.started.poll(5, TimeUnit.SECONDS)).isNotNull();
    first.close(); // the camera stops first: its side of the connections waits in TIME_WAIT
    station.close();
    SignalingServer again =
        new SignalingServer(
            SignalingServer.Config.loopback("Front door", TestPeers.camera()).withPort(port),
            new Camera());
    toClose.add(again);
    again.start(); // would fail with "already in use" for a minute without SO_REUSEADDR
    assertThat(again.port()).isEqualTo(port);
  }

  @Test
  void portInUseIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
      int port = taken.getLocalPort();
      SignalingServer server =
          new SignalingServer(
              SignalingServer.Config.loopback("cam", TestPeers.camera()).withPort(port),
              new Camera());
      assertThatThrownBy(server::start)
          .isInstanceOf(BindException.class)
          .hasMessageContaining("signaling port " + port)
          .hasMessageContaining("127.0.0.1");
      server.close();
    }
  }

  @Test
  void stationRefusesAnotherProtocolVersion() throws Exception {
    try (ServerSocket fake = new ServerSocket(0, 1, LOOPBACK)) {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = fake.accept()) {
                  s.getOutputStream()
                      .write(
                          "{\"type\":\"hello\",\"version\":9,\"cameraName\":\"x\",\"cameraId\":\"Y\",\"cameraKey\":\"AAAA\"}\n"
                              .getBytes(StandardCharsets.UTF_8));
                  s.getInputStream().read();
                } catch (java.io.IOException ignored) {
                  // test peer
                }
              },
              "p2p-test-fake-camera");
      t.start();
      assertThatThrownBy(
              () ->
                  new SignalingClient(SignalingClient.Config.loopback())
                      .connect(new InetSocketAddress(LOOPBACK, fake.getLocalPort()), f -> {}))
          .isInstanceOf(SignalingException.class)
          .hasMessageContaining("unsupported protocol version 9");
      t.join(5000);
    }
  }

  @Test
  void closingTheServerEndsItsSessions() throws Exception {
    Camera camera = new Camera();
    SignalingServer server =
        new SignalingServer(SignalingServer.Config.loopback("cam", TestPeers.camera()), camera);
    server.start();
    StationSession station =
        TestPeers.pairedClient(server)
            .connect(new InetSocketAddress(LOOPBACK, server.port()), f -> {});
    toClose.add(station);
    assertThat(camera.started.poll(5, TimeUnit.SECONDS)).isNotNull();
    CompletableFuture<String> ended = new CompletableFuture<>();
    station.onEnded(ended::complete);
    server.close();
    assertThat(camera.ended.poll(5, TimeUnit.SECONDS)).isEqualTo("server closed");
    // The camera says bye, then closes the TCP connection; when the station had bytes in flight
    // the close is a reset that can discard the bye, and the station sees the connection drop.
    // Either way the session ends on both sides, which is what this test is about.
    assertThat(ended.get(5, TimeUnit.SECONDS))
        .containsAnyOf("server closed", "camera disconnected");
    assertThat(station.isClosed()).isTrue();
  }
}
