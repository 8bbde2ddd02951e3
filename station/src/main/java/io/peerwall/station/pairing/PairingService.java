package io.peerwall.station.pairing;

import io.peerwall.p2p.discovery.DiscoveredCamera;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Adding a camera to the station by its ID and password, as the wall's "add camera" dialog needs
 * it. This is the seam to the pairing work (PAKE over the camera's session, key pinning): the real
 * implementation is {@link StationPairingService}; the demo has its own ({@code
 * app.demo.DemoPairing}).
 *
 * <p>Implementations must not block the caller: {@link #pair} returns at once and completes on its
 * own thread; {@link #discovered} and {@link #strength} are quick, in-memory calls.
 */
public interface PairingService {

  /**
   * Pairs with a camera. The password is used once and then zeroed by the implementation; it never
   * crosses the wire (PAKE) and is never logged.
   *
   * @param progress told of each step, on any thread
   * @return completes with the outcome (never exceptionally for an expected failure such as a wrong
   *     password; exceptionally only for a bug)
   */
  CompletableFuture<PairingResult> pair(
      String cameraId, char[] password, Consumer<PairingStep> progress);

  /** Cameras seen on the LAN (mDNS) that this station has not paired yet. */
  List<DiscoveredCamera> discovered();

  /**
   * How strong a camera password is, by the shared password checks (blocklist first, then an
   * estimate with the context words).
   *
   * @param context words a guesser would try: the camera's name and ID, the site
   */
  default PasswordStrength strength(String password, List<String> context) {
    return SharedPasswordStrength.measure(password, context);
  }

  /** One pairing attempt on the caller's thread, with a password copy that is zeroed afterwards. */
  @FunctionalInterface
  interface Attempt {
    PairingResult run(String cameraId, char[] password, Consumer<PairingStep> progress);
  }

  /**
   * Runs {@code attempt} on {@code worker} with a copy of the password, which is zeroed when the
   * attempt ends (the caller may clear its own array at once).
   */
  static CompletableFuture<PairingResult> onWorker(
      Executor worker,
      Attempt attempt,
      String cameraId,
      char[] password,
      Consumer<PairingStep> progress) {
    char[] copy = password.clone();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return attempt.run(cameraId, copy, progress);
          } finally {
            Arrays.fill(copy, '\0');
          }
        },
        worker);
  }
}
