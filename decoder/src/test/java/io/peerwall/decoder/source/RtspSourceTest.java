package io.peerwall.decoder.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.AnnexB;
import io.peerwall.decoder.FfmpegLogging;
import io.peerwall.decoder.SourceException;
import io.peerwall.decoder.SourceState;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.testing.NalPayloads;
import io.peerwall.decoder.testing.TestMedia;
import io.peerwall.decoder.testing.Tools;
import io.peerwall.testsupport.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** Against a real RTSP server (GStreamer's), started by the test on 127.0.0.1. */
class RtspSourceTest {

  private static final String PASSWORD = "Corr3ct-Horse";

  private static Path media;
  private static List<String> fileSlices;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeAll
  static void requireServer() {
    Environment.require(
        RtspTestServer.available(),
        "SKIPPED: GStreamer's RTSP server is not installed; apt-get install "
            + RtspTestServer.PACKAGES);
    FfmpegLogging.install();
    media = TestMedia.h264(160, 90, 15, 20, 15, "mp4");
    byte[] reference =
        Tools.run(
            Tools.bundledFfmpeg(),
            "-v",
            "error",
            "-i",
            media.toString(),
            "-c:v",
            "copy",
            "-bsf:v",
            "h264_mp4toannexb",
            "-f",
            "h264",
            "-");
    fileSlices = NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(reference));
  }

  @BeforeEach
  void captureLogs() {
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void credentialsNeverReachTheLog() {
    root.detachAppender(logs);
    for (ILoggingEvent event : logs.list) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
      assertThat(text).as("log line").doesNotContain(PASSWORD);
    }
  }

  @ParameterizedTest
  @EnumSource(RtspTransport.class)
  void passesTheCamerasH264ThroughUnchanged(RtspTransport transport) throws Exception {
    int port = RtspTestServer.freePort();
    CollectingSink sink = new CollectingSink();
    try (RtspTestServer server = new RtspTestServer(port, media, null, null).start();
        RtspSource source = new RtspSource("Gate", server.url(null), transport)) {
      source.start(sink);
      assertThat(sink.awaitCount(30, 10)).isTrue();
      assertThat(source.health().state()).isEqualTo(SourceState.RUNNING);
      assertThat(source.health().width()).isEqualTo(160);
      assertThat(sink.threadName()).isEqualTo("rtsp-source-Gate");
    }
    List<AccessUnit> units = sink.units();
    assertThat(units.get(0).keyframe()).isTrue();
    assertThat(AnnexB.nalType(VideoCodec.H264, units.get(0).data()[4]))
        .as("SPS first")
        .isEqualTo(7);
    for (int i = 1; i < units.size(); i++) {
      assertThat(units.get(i).ptsMicros()).isGreaterThan(units.get(i - 1).ptsMicros());
    }
    // The camera's slices, byte for byte, from the start of the file.
    List<String> received =
        NalPayloads.withoutParameterSets(VideoCodec.H264, NalPayloads.of(units.subList(0, 30)));
    assertThat(received).isEqualTo(fileSlices.subList(0, received.size()));
  }

  @Test
  void reconnectsWithBackoffWhenTheCameraDrops() throws Exception {
    int port = RtspTestServer.freePort();
    CollectingSink sink = new CollectingSink();
    try (RtspSource source =
        new RtspSource("Drop", "rtsp://127.0.0.1:" + port + "/cam", RtspTransport.TCP)) {
      RtspTestServer first = new RtspTestServer(port, media, null, null).start();
      source.start(sink);
      assertThat(sink.awaitCount(10, 10)).isTrue();
      first.close(); // the camera loses power
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (source.health().state() != SourceState.RECONNECTING && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(source.health().state()).isEqualTo(SourceState.RECONNECTING);
      assertThat(source.health().lastError()).isNotEmpty();
      int beforeOutage = sink.size();
      Thread.sleep(1500); // a few failed attempts against a closed port
      try (RtspTestServer second = new RtspTestServer(port, media, null, null).start()) {
        assertThat(sink.awaitCount(beforeOutage + 10, 20)).isTrue();
        assertThat(source.health().state()).isEqualTo(SourceState.RUNNING);
        assertThat(source.health().reconnects()).isGreaterThanOrEqualTo(1);
      }
      List<AccessUnit> units = sink.units();
      AccessUnit resumed = units.get(beforeOutage);
      assertThat(resumed.keyframe()).isTrue();
      assertThat(resumed.ptsMicros()).isGreaterThan(units.get(beforeOutage - 1).ptsMicros());
      // The outage shows as a gap in the timeline, as long as it lasted (at least the 1.5 s wait).
      assertThat(resumed.ptsMicros() - units.get(beforeOutage - 1).ptsMicros())
          .isGreaterThan(1_000_000);
    }
  }

  @Test
  void stopReturnsAtOnceEvenWhileReconnectingToACameraThatHangs() throws Exception {
    int port = RtspTestServer.freePort();
    CollectingSink sink = new CollectingSink();
    RtspSource source =
        new RtspSource("Hang", "rtsp://127.0.0.1:" + port + "/cam", RtspTransport.TCP);
    try (RtspTestServer server = new RtspTestServer(port, media, null, null).start()) {
      source.start(sink);
      assertThat(sink.awaitCount(5, 10)).isTrue();
    }
    // The camera comes back as a socket that accepts and never answers.
    try (java.net.ServerSocket hung =
        new java.net.ServerSocket(port, 10, java.net.InetAddress.getLoopbackAddress())) {
      Thread.sleep(1500); // the source is now blocked opening the hung camera
      assertThat(source.health().state()).isEqualTo(SourceState.RECONNECTING);
      long started = System.nanoTime();
      source.close();
      assertThat((System.nanoTime() - started) / 1e9).isLessThan(1.0);
      assertThat(source.health().state()).isEqualTo(SourceState.CLOSED);
    }
  }

  @Test
  void credentialsWorkAndAWrongPasswordIsReportedWithoutShowingIt() throws Exception {
    int port = RtspTestServer.freePort();
    try (RtspTestServer server = new RtspTestServer(port, media, "viewer", PASSWORD).start()) {
      CollectingSink sink = new CollectingSink();
      try (RtspSource source =
          new RtspSource("Auth", server.url("viewer:" + PASSWORD), RtspTransport.TCP)) {
        assertThat(source.description()).isEqualTo("rtsp://***@127.0.0.1:" + port + "/cam");
        source.start(sink);
        assertThat(sink.awaitCount(5, 10)).isTrue();
        assertThat(source.toString()).doesNotContain(PASSWORD);
      }
      RtspSource wrong =
          new RtspSource("Auth", server.url("viewer:wrong-" + PASSWORD), RtspTransport.TCP);
      assertThatThrownBy(() -> wrong.start(unit -> {}))
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("cannot open rtsp://***@127.0.0.1:" + port + "/cam")
          .hasMessageContaining("refused the user name or password")
          .hasMessageNotContaining(PASSWORD);
      assertThat(wrong.health().state()).isEqualTo(SourceState.FAILED);
      assertThat(wrong.health().lastError()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void nothingListeningIsAClearError() {
    int port = RtspTestServer.freePort();
    RtspSource source =
        new RtspSource(
            "Off", "rtsp://u:" + PASSWORD + "@127.0.0.1:" + port + "/x", RtspTransport.TCP);
    assertThatThrownBy(() -> source.start(unit -> {}))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("rtsp://***@127.0.0.1:" + port + "/x")
        .hasMessageContaining("connection refused")
        .hasMessageNotContaining(PASSWORD);
  }
}
