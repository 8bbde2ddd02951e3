package io.peerwall.p2p.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.testutil.MemoryTransport;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real Bouncy Castle DTLS 1.2 between two in-memory datagram ends. */
@Timeout(30)
class DtlsSessionTest {
  private final Identity camera = Identity.generate();
  private final Identity station = Identity.generate();

  private CompletableFuture<DtlsSession> serve(MemoryTransport t, Identity own, Identity allowed) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return DtlsSession.server(
                t, own, k -> k.equals(allowed.publicIdentity()), Duration.ofSeconds(5));
          } catch (DtlsFailure e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  @Test
  void mutualAuthenticationWithPinnedKeysAgreesOnSrtpKeys() throws Exception {
    MemoryTransport[] t = MemoryTransport.pair();
    CompletableFuture<DtlsSession> srv = serve(t[1], camera, station);
    DtlsSession cli =
        DtlsSession.client(t[0], station, camera.publicIdentity(), Duration.ofSeconds(5));
    DtlsSession s = srv.get(5, TimeUnit.SECONDS);
    assertThat(s.peer()).isEqualTo(station.publicIdentity());
    assertThat(cli.srtpKeys().localKey()).isEqualTo(s.srtpKeys().remoteKey());
    assertThat(cli.srtpKeys().localSalt()).isEqualTo(s.srtpKeys().remoteSalt());
    assertThat(cli.srtpKeys().remoteKey()).isEqualTo(s.srtpKeys().localKey());
    assertThat(cli.srtpKeys().localKey()).isNotEqualTo(cli.srtpKeys().remoteKey());
    byte[] msg = "keyframe please".getBytes();
    cli.send(msg, 0, msg.length);
    byte[] buf = new byte[100];
    int n = s.receive(buf, 2000);
    assertThat(new String(buf, 0, n)).isEqualTo("keyframe please");
    assertThat(cli.srtpKeys().toString()).doesNotContainPattern("[0-9a-f]{8}");
  }

  @Test
  void aCameraWithAnotherKeyIsAKeyMismatch() throws Exception {
    MemoryTransport[] t = MemoryTransport.pair();
    Identity impostor = Identity.generate();
    CompletableFuture<DtlsSession> srv = serve(t[1], impostor, station);
    assertThatThrownBy(
            () -> DtlsSession.client(t[0], station, camera.publicIdentity(), Duration.ofSeconds(3)))
        .isInstanceOfSatisfying(
            DtlsFailure.class, e -> assertThat(e.kind()).isEqualTo(DtlsFailure.Kind.KEY_MISMATCH));
    assertThatThrownBy(() -> srv.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(DtlsFailure.class);
  }

  @Test
  void anUnpairedStationIsRefusedByTheCamera() throws Exception {
    MemoryTransport[] t = MemoryTransport.pair();
    Identity stranger = Identity.generate();
    CompletableFuture<DtlsSession> srv = serve(t[1], camera, station);
    assertThatThrownBy(
            () ->
                DtlsSession.client(t[0], stranger, camera.publicIdentity(), Duration.ofSeconds(3)))
        .isInstanceOf(DtlsFailure.class);
    assertThatThrownBy(() -> srv.get(5, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            DtlsFailure.class, e -> assertThat(e.kind()).isEqualTo(DtlsFailure.Kind.NOT_PAIRED));
  }

  /** Garbage and mutated records at a waiting DTLS server: dropped, then a clean timeout. */
  @Test
  void fuzzedRecordsNeverCrashTheHandshake() throws Exception {
    MemoryTransport[] t = MemoryTransport.pair();
    CompletableFuture<DtlsSession> srv =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return DtlsSession.server(t[1], camera, k -> true, Duration.ofSeconds(4));
              } catch (DtlsFailure e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
    Random r = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] d = new byte[1 + r.nextInt(200)];
      r.nextBytes(d);
      d[0] = (byte) (20 + r.nextInt(44)); // DTLS content types range (RFC 7983)
      if (d.length > 2) {
        d[1] = (byte) 0xFE;
        d[2] = (byte) 0xFD;
      }
      t[0].send(d, 0, d.length);
      if (i % 500 == 0) {
        Thread.sleep(1); // let the server drain
      }
    }
    assertThatThrownBy(() -> srv.get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(DtlsFailure.class);
  }
}
