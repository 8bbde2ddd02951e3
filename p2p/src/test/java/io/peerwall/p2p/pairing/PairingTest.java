package io.peerwall.p2p.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.CameraSessionListener;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.testutil.ThreadLeaks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pairing between a real camera server and real stations over loopback (SRP-6a, Argon2id). */
@Timeout(60)
class PairingTest {
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    ThreadLeaks.assertNone();
  }

  private SignalingServer server(CameraCredentials camera) throws Exception {
    SignalingServer s =
        new SignalingServer(
            SignalingServer.Config.loopback("Garage", camera),
            new CameraSessionListener() {
              @Override
              public void onSessionStarted(CameraSession session) {}
            });
    s.start();
    toClose.add(s);
    return s;
  }

  private static InetSocketAddress at(SignalingServer s) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port());
  }

  private static SignalingClient station() {
    return new SignalingClient(
        SignalingClient.Config.loopback().withCredentials(StationCredentials.ephemeral("st")));
  }

  @Test
  void rightPasswordPairsBothSidesAndWrongPasswordFailsOnBoth() throws Exception {
    CameraCredentials camera = TestPeers.camera();
    SignalingServer server = server(camera);
    SignalingClient good = station();
    PairedPeer p = good.pair(at(server), camera.cameraId(), TestPeers.PASSWORD.toCharArray());
    assertThat(p.id()).isEqualTo(camera.cameraId());
    assertThat(good.config().credentials().trust().camera(camera.cameraId())).isNotNull();
    assertThat(camera.store().station(good.config().credentials().stationId())).isNotNull();

    SignalingClient bad = station();
    assertThatThrownBy(
            () -> bad.pair(at(server), camera.cameraId(), "wrong password here".toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    assertThat(bad.config().credentials().trust().cameras()).isEmpty();
    assertThat(camera.store().station(bad.config().credentials().stationId())).isNull();
    assertThat(camera.store().audit().failedAttempts()).isEqualTo(1);

    // The paired station gets a session; the unpaired one is refused as not paired.
    StationSession s = good.connect(at(server), camera.cameraId(), f -> {});
    toClose.add(s);
    assertThat(s.cameraId()).isEqualTo(camera.cameraId());
    assertThatThrownBy(() -> bad.connect(at(server), f -> {}))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_PAIRED));
  }

  @Test
  void aTypedIdOfAnotherCameraIsRefusedBeforeAnyPassword() throws Exception {
    CameraCredentials camera = TestPeers.camera();
    SignalingServer server = server(camera);
    String other = Identity().id();
    assertThatThrownBy(() -> station().pair(at(server), other, TestPeers.PASSWORD.toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.UNKNOWN_ID));
    assertThat(camera.store().audit().failedAttempts()).isZero();
  }

  private static io.peerwall.p2p.identity.Identity Identity() {
    return io.peerwall.p2p.identity.Identity.generate();
  }

  @Test
  void guessesAreThrottledPerSourceThenLockedOutAndCounted() throws Exception {
    PairingThrottle.Policy policy =
        new PairingThrottle.Policy(
            Duration.ofMillis(300),
            Duration.ofSeconds(2),
            Duration.ofMillis(0),
            3,
            Duration.ofSeconds(30));
    CameraCredentials camera = TestPeers.camera(policy);
    SignalingServer server = server(camera);
    SignalingClient attacker = station();
    char[] wrong = "definitely not it 123".toCharArray();
    assertThatThrownBy(() -> attacker.pair(at(server), camera.cameraId(), wrong))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    // Immediately again: throttled (per-source backoff), and that refusal costs no guess.
    assertThatThrownBy(() -> attacker.pair(at(server), camera.cameraId(), wrong))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FailureReason.THROTTLED);
              assertThat(e.retryAfterMillis()).isPositive();
            });
    Thread.sleep(350);
    assertThatThrownBy(() -> attacker.pair(at(server), camera.cameraId(), wrong))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    Thread.sleep(650);
    assertThatThrownBy(() -> attacker.pair(at(server), camera.cameraId(), wrong))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    // Third consecutive failure: locked for everyone, even with the right password.
    assertThatThrownBy(
            () -> station().pair(at(server), camera.cameraId(), TestPeers.PASSWORD.toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FailureReason.LOCKED_OUT);
              assertThat(e.retryAfterMillis()).isGreaterThan(20_000);
            });
    CameraPairingStore.Audit a = camera.store().audit();
    assertThat(a.failedAttempts()).isEqualTo(3);
    assertThat(a.lockouts()).isEqualTo(1);
  }

  @Test
  void passwordChangeKeepsOtherStationsAndUnpairEndsTheSession() throws Exception {
    CameraCredentials camera = TestPeers.camera();
    SignalingServer server = server(camera);
    SignalingClient first = station();
    SignalingClient second = station();
    first.pair(at(server), camera.cameraId(), TestPeers.PASSWORD.toCharArray());
    second.pair(at(server), camera.cameraId(), TestPeers.PASSWORD.toCharArray());
    StationSession s = first.connect(at(server), f -> {});
    toClose.add(s);

    CameraInfo before = s.cameraInfo();
    assertThat(before.name()).isEqualTo("Garage");
    assertThat(before.passwordStrength()).isEqualTo("strong");
    assertThat(before.pairedStations()).isEqualTo(2);

    assertThatThrownBy(
            () ->
                s.changePassword(
                    "not the old one".toCharArray(), "a new fine pass phrase 77".toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD);
              assertThat(e).hasMessageContaining("current password is wrong");
            });
    // A wrong current password is a failed password check like a wrong pairing password.
    assertThat(camera.store().audit().failedAttempts()).isEqualTo(1);
    assertThat(camera.store().audit().failedPasswordChanges()).isEqualTo(1);
    assertThat(before.blocklistedAttempts()).isZero();
    assertThat(before.lastBlocklistedAtMillis()).isZero();
    // The new password's policy is checked before the current one is looked at, so the answer is
    // the same whether the current password is right or wrong (no oracle), and no guess is spent.
    String wrongOld = null;
    String rightOld = null;
    try {
      s.changePassword("not the old one".toCharArray(), "xmhdipc".toCharArray());
    } catch (SignalingException e) {
      wrongOld = e.reason() + " " + e.getMessage() + " " + e.retryAfterMillis();
    }
    try {
      s.changePassword(TestPeers.PASSWORD.toCharArray(), "xmhdipc".toCharArray());
    } catch (SignalingException e) {
      rightOld = e.reason() + " " + e.getMessage() + " " + e.retryAfterMillis();
    }
    assertThat(wrongOld).contains("blocklisted").isEqualTo(rightOld);
    assertThat(camera.store().audit().failedAttempts()).isEqualTo(1);
    CameraInfo afterFactory = s.cameraInfo();
    assertThat(afterFactory.blocklistedAttempts()).isEqualTo(2);
    assertThat(afterFactory.lastBlocklistedAtMillis()).isPositive();
    assertThat(afterFactory.passwordStrength()).isEqualTo("strong");
    assertThat(afterFactory.failedAttempts()).isEqualTo(1);
    assertThat(afterFactory.failedPasswordChanges()).isEqualTo(1);
    Thread.sleep(1100); // per-source and global spacing after the wrong current password
    String next = "copper meadow wander eleven";
    s.changePassword(TestPeers.PASSWORD.toCharArray(), next.toCharArray());
    assertThat(s.cameraInfo().passwordSetAtMillis())
        .isGreaterThanOrEqualTo(before.passwordSetAtMillis());

    // Old password no longer pairs; new one does; the second station is still paired.
    assertThatThrownBy(
            () -> station().pair(at(server), camera.cameraId(), TestPeers.PASSWORD.toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    Thread.sleep(1100); // per-source and global spacing after that failure
    station().pair(at(server), camera.cameraId(), next.toCharArray());
    StationSession s2 = second.connect(at(server), f -> {});
    toClose.add(s2);

    // Unpair the second station from the first one's session: its session ends, and it is refused.
    CompletableFuture<String> ended = new CompletableFuture<>();
    s2.onEnded(ended::complete);
    s.unpair(second.config().credentials().stationId());
    assertThat(camera.store().station(second.config().credentials().stationId())).isNull();
    assertThatThrownBy(() -> second.connect(at(server), f -> {}))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_PAIRED));
    // The first station unpairs itself: its session ends.
    CompletableFuture<String> firstEnded = new CompletableFuture<>();
    s.onEnded(firstEnded::complete);
    try {
      s.unpair(first.config().credentials().stationId());
    } catch (java.io.IOException e) {
      // the session may end before the result arrives
    }
    assertThat(firstEnded.get(10, TimeUnit.SECONDS)).isNotEmpty();
  }
}
