package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.control.ControlMessage;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.dtls.DtlsSession;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.testutil.MemoryTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A station reading the audit report of a camera that answers password facts, and of one too old to
 * know them (it answers the info request and drops the facts request, as an agent from before them
 * does: its codec refuses the unknown type). Real DTLS 1.2 between real identities, over an
 * in-memory datagram pipe.
 */
@Timeout(30)
class CameraAuditCompatibilityTest {
  private static final CameraInfo INFO =
      new CameraInfo(
          "Porch", "PeerWall camera agent", List.of("main"), 1, 2, "strong", 0, 0, 0, 1, 0, 0, 0);
  private static final PasswordFacts FACTS =
      new PasswordFacts(
          new PasswordFacts.Password(5, "checked", 4, 28, "not-needed"),
          null,
          new PasswordFacts.Listing("mirai", null, 9),
          new PasswordFacts.Reuse("tagged", "0123456789abcdef", "a1b2c3", 0, null));

  private ControlChannel station;
  private ControlChannel camera;

  private void connect(boolean knowsFacts, AtomicInteger factsRequests) throws Exception {
    Identity stationId = Identity.generate();
    Identity cameraId = Identity.generate();
    MemoryTransport[] t = MemoryTransport.pair();
    CompletableFuture<DtlsSession> server =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return DtlsSession.server(t[1], cameraId, k -> true, Duration.ofSeconds(5));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    DtlsSession client =
        DtlsSession.client(t[0], stationId, cameraId.publicIdentity(), Duration.ofSeconds(5));
    DtlsSession cameraEnd = server.get();
    camera =
        new ControlChannel(
            "cam",
            cameraEnd,
            new ControlChannel.Handler() {
              @Override
              public void onMessage(ControlMessage m) {
                if (m instanceof ControlMessage.InfoRequest r) {
                  camera.send(new ControlMessage.Info(r.id(), INFO));
                } else if (m instanceof ControlMessage.PasswordFactsRequest r) {
                  factsRequests.incrementAndGet();
                  if (knowsFacts) {
                    camera.send(new ControlMessage.PasswordFactsReply(r.id(), FACTS));
                  }
                }
              }

              @Override
              public void onClosed(String reason) {}
            },
            Duration.ofSeconds(1),
            Duration.ofSeconds(5));
    station =
        new ControlChannel(
            "st",
            client,
            new ControlChannel.Handler() {
              @Override
              public void onMessage(ControlMessage m) {}

              @Override
              public void onClosed(String reason) {}
            },
            Duration.ofSeconds(1),
            Duration.ofSeconds(5));
    camera.start();
    station.start();
  }

  @AfterEach
  void close() {
    if (station != null) {
      station.close();
    }
    if (camera != null) {
      camera.close();
    }
  }

  @Test
  void aCurrentCameraSendsItsFactsWithItsInfo() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    connect(true, asked);
    CameraAudit.Report r = CameraAudit.read(station);
    assertThat(r.info()).isEqualTo(INFO);
    assertThat(r.facts()).isEqualTo(FACTS);
    assertThat(r.tooOldForFacts()).isFalse();
    assertThat(r.facts().lastRefused().label()).isEqualTo("Mirai botnet default");
  }

  @Test
  void aCameraTooOldForFactsStillGivesItsInfoAndIsNamedAsSuch() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    connect(false, asked);
    long start = System.nanoTime();
    CameraAudit.Report r = CameraAudit.read(station);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(asked.get()).isEqualTo(1);
    assertThat(r.info()).isEqualTo(INFO);
    assertThat(r.tooOldForFacts()).isTrue();
    // Told apart within the grace after the info, not after a request timeout.
    assertThat(tookMs).isLessThan(CameraAudit.FACTS_GRACE.toMillis() + 2_000);
    // The channel goes on answering after the dropped request.
    assertThat(CameraAudit.read(station).info()).isEqualTo(INFO);
  }
}
