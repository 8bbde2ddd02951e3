package io.peerwall.p2p.pairing;

import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A station's identity, its display name (sent to cameras at pairing) and its pinned cameras.
 *
 * @param identity the station's long-term key
 * @param name shown on the camera's list of paired stations
 * @param trust the pinned cameras
 */
public record StationCredentials(Identity identity, String name, StationTrustStore trust) {
  public StationCredentials {
    Objects.requireNonNull(identity);
    Objects.requireNonNull(name);
    Objects.requireNonNull(trust);
  }

  /** Identity and pinned cameras kept in {@code dir} (made on first use, owner-only). */
  public static StationCredentials open(Path dir, String name) throws IOException {
    return new StationCredentials(Identity.loadOrCreate(dir), name, StationTrustStore.open(dir));
  }

  /** A fresh in-memory station: no camera paired yet. */
  public static StationCredentials ephemeral(String name) {
    return new StationCredentials(Identity.generate(), name, StationTrustStore.inMemory());
  }

  public String stationId() {
    return identity.id();
  }
}
