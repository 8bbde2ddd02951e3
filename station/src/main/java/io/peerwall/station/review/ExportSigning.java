package io.peerwall.station.review;

import io.peerwall.recorder.evidence.ExportSigner;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the review screen's exports get their signer (issue 15.2): the station's signing key when
 * the station has one. The station supplies it; {@link #none()} exports unsigned (until the station
 * wiring of the signing key provides one here, and in tests).
 */
@FunctionalInterface
public interface ExportSigning {
  /**
   * The signer for the next export, or empty to export unsigned.
   *
   * @throws IOException when the key exists but cannot be read (the export then fails, plainly)
   */
  Optional<ExportSigner> signer() throws IOException;

  static ExportSigning none() {
    return Optional::empty;
  }
}
