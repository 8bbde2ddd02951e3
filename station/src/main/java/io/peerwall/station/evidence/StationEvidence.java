package io.peerwall.station.evidence;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.recorder.custody.Operator;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.recorder.evidence.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running station offers its display for evidence (decision 0088): its signing key (the
 * fingerprint the wall shows), its {@link Exports} (signed and logged: the review screen's
 * exports), {@link Custody} (evidence locks and the export log) and the verifier. A station whose
 * key cannot be used still runs: it says why, and its exports refuse rather than leave unsigned.
 *
 * <p>Every method but the accessors does I/O: call them off the FX thread.
 */
public final class StationEvidence {
  private static final Logger log = LoggerFactory.getLogger(StationEvidence.class);

  private final StationSigningKey key;
  private final String keyProblem;
  private final Exports exports;
  private final Custody custody;

  private StationEvidence(
      StationSigningKey key, String keyProblem, Exports exports, Custody custody) {
    this.key = key;
    this.keyProblem = keyProblem;
    this.exports = exports;
    this.custody = custody;
  }

  /**
   * The station's evidence services: loads (or makes, about a second the first time) its signing
   * key; a key that cannot be used is logged and reported by {@link #keyProblem()}.
   */
  public static StationEvidence open(AppDirs dirs, StationCredentials station, Clock clock) {
    Custody custody = new Custody(dirs.data(), clock);
    try {
      StationSigningKey key = EvidenceKey.load(dirs, station);
      String who = Operator.current();
      return new StationEvidence(
          key, "", new Exports(dirs.data(), new ExportSigner(key, who, clock), who), custody);
    } catch (UserFacingException e) {
      log.warn("{}", e.getMessage());
      return new StationEvidence(
          null, e.getMessage(), Exports.refusing(dirs.data(), e.getMessage()), custody);
    }
  }

  /** For tests and the demo: these parts. */
  public static StationEvidence of(StationSigningKey key, Exports exports, Custody custody) {
    return new StationEvidence(
        Objects.requireNonNull(key, "key"),
        "",
        Objects.requireNonNull(exports, "exports"),
        Objects.requireNonNull(custody, "custody"));
  }

  /** The signing key; empty when it cannot be used ({@link #keyProblem()} says why). */
  public Optional<StationSigningKey> key() {
    return Optional.ofNullable(key);
  }

  /** Why the key cannot be used, or empty. */
  public String keyProblem() {
    return keyProblem;
  }

  /** Signed, logged exports: the seam the review screen exports through. */
  public Exports exports() {
    return exports;
  }

  /** Evidence locks and the export log. */
  public Custody custody() {
    return custody;
  }

  /**
   * Verifies a file with nothing but the file ({@link ExportVerifier}); reads all of it.
   *
   * @param expectedFingerprint the fingerprint it must be signed with, or null
   * @throws IOException only when the file cannot be read
   */
  public Verdict verify(Path file, String expectedFingerprint) throws IOException {
    return ExportVerifier.verify(file, expectedFingerprint);
  }
}
