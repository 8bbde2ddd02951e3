package io.peerwall.p2p.pairing;

import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a camera needs to pair and to authenticate sessions: its identity, its pairing store
 * (verifier, pinned stations, audit) and its guessing throttle. One instance per camera agent.
 */
public final class CameraCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(CameraCredentials.class);
  private final Identity identity;
  private final CameraPairingStore store;
  private final PairingThrottle throttle;
  private final Argon2Params argon;

  public CameraCredentials(
      Identity identity, CameraPairingStore store, PairingThrottle throttle, Argon2Params argon) {
    this.identity = Objects.requireNonNull(identity);
    this.store = Objects.requireNonNull(store);
    this.throttle = Objects.requireNonNull(throttle);
    this.argon = Objects.requireNonNull(argon);
  }

  /** Identity and pairing state kept in {@code dir} (made on first use, owner-only). */
  public static CameraCredentials open(Path dir) throws IOException {
    Identity id = Identity.loadOrCreate(dir);
    CameraPairingStore store = CameraPairingStore.open(dir);
    return new CameraCredentials(id, store, new PairingThrottle(store), Argon2Params.DEFAULT);
  }

  /** A fresh in-memory camera (tests, the demo's simulated cameras). */
  public static CameraCredentials ephemeral() {
    CameraPairingStore store = CameraPairingStore.inMemory();
    return new CameraCredentials(
        Identity.generate(), store, new PairingThrottle(store), Argon2Params.DEFAULT);
  }

  /**
   * A fresh in-memory camera with this password already set (demo cameras, in-process setups).
   *
   * @throws IllegalArgumentException if the policy refuses the password
   */
  public static CameraCredentials ephemeral(char[] password, List<String> contextWords) {
    return inMemory(Identity.generate(), password, contextWords);
  }

  /**
   * A camera with a kept identity but its password and pairings in memory only (the demo's
   * simulated cameras keep their IDs between runs, so the wall's saved tiles still match them).
   *
   * @throws IllegalArgumentException if the policy refuses the password
   */
  public static CameraCredentials inMemory(
      Identity identity, char[] password, List<String> contextWords) {
    CameraPairingStore store = CameraPairingStore.inMemory();
    CameraCredentials c =
        new CameraCredentials(identity, store, new PairingThrottle(store), Argon2Params.DEFAULT);
    try {
      c.setPassword(password, contextWords);
    } catch (WeakPasswordException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return c;
  }

  public Identity identity() {
    return identity;
  }

  public String cameraId() {
    return identity.id();
  }

  public CameraPairingStore store() {
    return store;
  }

  public PairingThrottle throttle() {
    return throttle;
  }

  public Argon2Params argon() {
    return argon;
  }

  /** Whether a password is set (without one the camera cannot be paired). */
  public boolean pairable() {
    return store.verifier() != null;
  }

  /**
   * Sets (or replaces) the camera password after the strength check; stations already paired stay
   * paired. Takes one Argon2id run. A blocklisted password is refused and counted in the audit
   * ({@link CameraPairingStore.Audit#blocklistedAttempts()}; date and count only).
   *
   * @param contextWords words a guesser would try first: camera name, site, ...
   * @throws WeakPasswordException with the reasons, if the policy refuses it
   */
  public PasswordPolicy.Verdict setPassword(char[] password, List<String> contextWords)
      throws WeakPasswordException {
    PasswordPolicy.Verdict v = checkNewPassword(password, contextWords);
    if (!v.acceptable()) {
      throw new WeakPasswordException(v);
    }
    install(password, v);
    return v;
  }

  /**
   * The policy's verdict on a would-be new password, with the camera's ID added to the context
   * words. Cheap (no Argon2id). A blocklisted one is counted in the audit: whoever offers a new
   * password either owns the camera (local data directory) or holds a paired station's key, and a
   * factory default tried that way is worth knowing about either way.
   */
  public PasswordPolicy.Verdict checkNewPassword(char[] password, List<String> contextWords) {
    List<String> ctx = new ArrayList<>(contextWords);
    ctx.add(cameraId());
    ctx.add(cameraId().replace("-", ""));
    PasswordPolicy.Verdict v = PasswordPolicy.check(password, ctx);
    if (v.blocklisted()) {
      try {
        store.recordBlocklistedAttempt(System.currentTimeMillis());
      } catch (UncheckedIOException e) {
        LOG.warn("could not store the blocklisted-password audit fact: {}", e.getMessage());
      }
    }
    return v;
  }

  /** Stores the verifier of a password the policy accepted ({@code verdict}); one Argon2id run. */
  void install(char[] password, PasswordPolicy.Verdict verdict) {
    store.setVerifier(
        PasswordVerifier.create(cameraId(), password, argon, verdict, System.currentTimeMillis()));
  }
}
