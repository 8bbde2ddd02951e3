package io.peerwall.recorder.evidence;

import java.util.List;
import java.util.Optional;

/** The answer of {@link ExportVerifier}: one of three, never an exception. */
public sealed interface Verdict {

  /** The signature is valid for every byte of the file. */
  record Authentic(Evidence evidence) implements Verdict {}

  /** The file carries no ONVIF export signature (an unsigned MP4). */
  record NotSigned(String reason) implements Verdict {}

  /**
   * Something failed: the file was changed after signing, or it is damaged or not an MP4.
   *
   * @param failures what failed, most telling first (never empty)
   * @param claimed what the file claims about itself, when that could be read (not to be trusted)
   */
  record NotAuthentic(List<Failure> failures, Optional<Evidence> claimed) implements Verdict {
    public NotAuthentic {
      failures = List.copyOf(failures);
      if (failures.isEmpty()) {
        throw new IllegalArgumentException("a NOT AUTHENTIC verdict says why");
      }
    }

    public boolean has(Failure.Reason reason) {
      return failures.stream().anyMatch(f -> f.reason() == reason);
    }
  }
}
