package io.peerwall.station.evidence;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.recorder.evidence.StationSigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The station's export signing key (docs/evidence.md section 1, decision 0085): kept in {@code
 * <data>/evidence/}, made under the station's identity the first time it is needed, sealed with a
 * key derived from the identity, so a copy of the evidence directory alone cannot sign.
 */
public final class EvidenceKey {
  private EvidenceKey() {}

  /** Where the certificate and the sealed key live. */
  public static Path dir(AppDirs dirs) {
    return dirs.data().resolve("evidence");
  }

  /**
   * Loads the station's signing key, or makes it (RSA-3072: about a second, once).
   *
   * @throws UserFacingException ({@link ExitCode#SIGNING_KEY}) naming the problem and what to do
   *     when the key is damaged, incomplete, or belongs to another identity; it is never replaced
   *     silently, since exports already signed name its certificate
   */
  public static StationSigningKey load(AppDirs dirs, StationCredentials station) {
    byte[] sealing = station.identity().deriveSecret(StationSigningKey.SEALING_PURPOSE, 32);
    try {
      return StationSigningKey.loadOrCreate(
          dir(dirs), station.name(), station.stationId(), sealing);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.SIGNING_KEY,
          "the station's export signing key cannot be used: "
              + e.getMessage()
              + ". Exports need it to be signed ('export --unsigned' exports without it).",
          e);
    } finally {
      Arrays.fill(sealing, (byte) 0);
    }
  }
}
