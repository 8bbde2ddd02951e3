package io.peerwall.camera;

import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PasswordAuditFacts;
import io.peerwall.p2p.util.NamedThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the factory-password scan of a verifier this agent did not set (written by an older agent or
 * a factory image; {@link CameraCredentials#scanVerifier}) once, in the background, on thread
 * {@code camera-verifier-scan}, so that the audit learns a camera carries a Mirai or vendor
 * default. One Argon2id run per candidate, one at a time (the camera's Argon2id lock keeps a
 * password change from running beside it), ~25 s of one core at the default settings; stopped with
 * the agent (after the run in progress) and started again at the next start if unfinished.
 */
final class VerifierScanner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierScanner.class);
  private static final long JOIN_MILLIS = 5_000;

  private final CameraCredentials credentials;
  private volatile boolean closing;
  private volatile PasswordAuditFacts.Scan outcome;
  private Thread thread;

  VerifierScanner(CameraCredentials credentials) {
    this.credentials = credentials;
  }

  /** Starts the scan if the verifier needs one. */
  synchronized void start() {
    if (thread != null || closing || !credentials.needsVerifierScan()) {
      return;
    }
    thread =
        NamedThreadFactory.start(
            "camera-verifier-scan",
            () -> {
              Thread.currentThread().setPriority(Thread.MIN_PRIORITY);
              outcome = credentials.scanVerifier(() -> !closing);
            });
  }

  /** The scan's outcome, or null while it runs or when none was needed. */
  PasswordAuditFacts.Scan outcome() {
    return outcome;
  }

  @Override
  public void close() {
    closing = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t == null) {
      return;
    }
    try {
      t.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("the factory-password scan is still finishing an Argon2id run; it stops after it");
    }
  }
}
