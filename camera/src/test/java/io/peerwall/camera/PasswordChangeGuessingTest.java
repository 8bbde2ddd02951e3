package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing through the control channel's password change, against a real camera agent
 * whose state is on disk: a paired station (or whoever stole its key) gets the same throttle and
 * lockout as pairing, every wrong guess shows in the camera's facts, the answers are the same for
 * every wrong guess, and the rightful owner changes the password and pairs again once the lockout
 * is over. The throttle runs on a clock the test moves, so the attacker can "wait" as long as the
 * camera tells it to without the test sleeping for it.
 */
@Timeout(120)
class PasswordChangeGuessingTest {
  private static final String OLD = "orchid lantern seventy drifts";
  private static final String NEW = "walnut-glacier-puffin-tango-meadow";
  @TempDir Path dir;

  private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

  private CameraCredentials camera() throws Exception {
    CameraPairingStore store = CameraPairingStore.open(dir);
    CameraCredentials c =
        new CameraCredentials(
            Identity.loadOrCreate(dir),
            store,
            new PairingThrottle(PairingThrottle.Policy.DEFAULT, store, clock::get),
            new Argon2Params(8 * 1024, 1, 1)); // cheap: the test makes dozens of checks
    c.setPassword(OLD.toCharArray(), List.of("Porch"));
    return c;
  }

  private static SignalingClient station(String name) {
    return new SignalingClient(
        SignalingClient.Config.loopback().withCredentials(StationCredentials.ephemeral(name)));
  }

  /** What one change attempt got back: ok, or the camera's refusal. */
  private static SignalingException attempt(StationSession s, String old, String proposed)
      throws Exception {
    try {
      s.changePassword(old.toCharArray(), proposed.toCharArray());
      return null;
    } catch (SignalingException e) {
      return e;
    }
  }

  @Test
  void fiftyWrongGuessesAreThrottledLockedOutAndCountedAndTheOwnerGetsBackIn() throws Exception {
    CameraCredentials creds = camera();
    ClipReplaySource source =
        new ClipReplaySource(
            "Porch",
            SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Porch").withSize(160, 90)));
    try (CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback("Porch", creds), source)) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient owner = station("Admin desk");
      SignalingClient stolen = station("Stolen laptop");
      owner.pair(address, agent.cameraId(), OLD.toCharArray());
      stolen.pair(address, agent.cameraId(), OLD.toCharArray());

      try (StationSession thief = stolen.connect(address, f -> {});
          StationSession admin = owner.connect(address, f -> {})) {
        // No oracle: with a weak new password the answer is the same whether the current password
        // given is right or wrong, and it costs no guess.
        SignalingException weakWrongOld = attempt(thief, "not it at all 1", "xmhdipc");
        SignalingException weakRightOld = attempt(thief, OLD, "xmhdipc");
        assertThat(weakWrongOld.getMessage()).isEqualTo(weakRightOld.getMessage());
        assertThat(weakWrongOld.reason()).isEqualTo(weakRightOld.reason());
        assertThat(creds.store().audit().failedAttempts()).isZero();

        // 50 wrong guesses as fast as the camera answers: one is checked, 49 are throttled.
        List<SignalingException> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          burst.add(attempt(thief, "guess number " + i + " xq", NEW));
        }
        assertThat(burst).allSatisfy(e -> assertThat(e).isNotNull());
        assertThat(burst.get(0).reason()).isEqualTo(FailureReason.WRONG_PASSWORD);
        assertThat(burst.subList(1, 50))
            .allSatisfy(
                e -> {
                  assertThat(e.reason()).isEqualTo(FailureReason.THROTTLED);
                  assertThat(e.retryAfterMillis()).isPositive();
                });
        assertThat(creds.store().audit().failedAttempts()).isEqualTo(1);

        // A patient attacker waits exactly as long as told: after 10 wrong guesses in a row the
        // camera locks every password check (pairing too) for 15 minutes.
        List<SignalingException> patient = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          SignalingException e = attempt(thief, "patient guess " + i + " qz", NEW);
          patient.add(e);
          if (e.reason() == FailureReason.THROTTLED) {
            clock.addAndGet(e.retryAfterMillis());
          }
        }
        List<SignalingException> wrong =
            patient.stream().filter(e -> e.reason() == FailureReason.WRONG_PASSWORD).toList();
        assertThat(wrong).hasSize(9); // + the burst's one = 10 = the lockout threshold
        assertThat(wrong)
            .as("every wrong guess gets the same answer")
            .allSatisfy(e -> assertThat(e.getMessage()).isEqualTo(burst.get(0).getMessage()));
        SignalingException last = patient.get(patient.size() - 1);
        assertThat(last.reason()).isEqualTo(FailureReason.LOCKED_OUT);
        assertThat(last.retryAfterMillis()).isGreaterThan(14 * 60_000L);

        // The facts the station's audit reads: every wrong guess counted, as password changes.
        CameraInfo facts = admin.cameraInfo();
        assertThat(facts.failedAttempts()).isEqualTo(10);
        assertThat(facts.failedPasswordChanges()).isEqualTo(10);
        assertThat(facts.lockouts()).isEqualTo(1);
        assertThat(facts.lockedUntilMillis()).isGreaterThan(clock.get());
        // ... and kept on disk.
        assertThat(CameraPairingStore.open(dir).audit().failedPasswordChanges()).isEqualTo(10);

        // Locked out means locked for the owner too: the right password is not even checked.
        assertThat(attempt(admin, OLD, NEW).reason()).isEqualTo(FailureReason.LOCKED_OUT);
        assertThatThrownBy(
                () -> station("New tablet").pair(address, agent.cameraId(), OLD.toCharArray()))
            .isInstanceOfSatisfying(
                SignalingException.class,
                e -> assertThat(e.reason()).isEqualTo(FailureReason.LOCKED_OUT));

        // Once the lockout is over, the owner changes the password.
        clock.set(facts.lockedUntilMillis() + 1);
        assertThat(attempt(admin, OLD, NEW)).isNull();
      }
      // The new password pairs a new station; the old one no longer does.
      station("New tablet").pair(address, agent.cameraId(), NEW.toCharArray());
      assertThatThrownBy(
              () -> station("Old guess").pair(address, agent.cameraId(), OLD.toCharArray()))
          .isInstanceOfSatisfying(
              SignalingException.class,
              e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
      assertThat(creds.store().audit().failedAttempts()).isEqualTo(11);
      assertThat(creds.store().audit().failedPasswordChanges()).isEqualTo(10);
    }
  }
}
