package io.peerwall.p2p.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The camera's pairing state: the password verifier, the pinned stations and the audit counters
 * (wrong passwords through pairing or the password change, lockouts, locked-until, attempts to set
 * a blocklisted password). One JSON file, {@code pairing.json}, owner-only, replaced atomically on
 * every change (so a password change is all-or-nothing and a crash never leaves half a verifier).
 * Holds no secret that opens the camera: the verifier only lets one test guesses at Argon2id cost,
 * and station keys are public.
 *
 * <p>Thread-safe (every method synchronised); a {@code null} path keeps it in memory (tests, demo).
 */
public final class CameraPairingStore {
  public static final String FILE = "pairing.json";

  /**
   * Audit facts about the password, for the station's audit table.
   *
   * @param blocklistedAttempts times the owner tried to set a factory/blocklisted password (the
   *     password itself is never kept)
   * @param lastBlocklistedMillis when that last happened (0 = never)
   * @param failedAttempts wrong passwords through pairing and through the password change
   * @param failedPasswordChanges of those, the ones through the password change
   */
  public record Audit(
      long failedAttempts,
      long lockouts,
      long lockedUntilMillis,
      long lastFailureMillis,
      long blocklistedAttempts,
      long lastBlocklistedMillis,
      long failedPasswordChanges) {}

  private final Path file;
  private PasswordVerifier verifier;
  private final Map<String, PairedPeer> stations = new LinkedHashMap<>();
  private long failedAttempts;
  private long lockouts;
  private long lockedUntil;
  private long lastFailure;
  private long blocklistedAttempts;
  private long lastBlocklisted;
  private long failedPasswordChanges;

  private CameraPairingStore(Path file) {
    this.file = file;
  }

  public static CameraPairingStore inMemory() {
    return new CameraPairingStore(null);
  }

  /** Loads {@code dir/pairing.json}, or starts empty (no password, no station). */
  public static CameraPairingStore open(Path dir) throws IOException {
    CameraPairingStore s = new CameraPairingStore(dir.resolve(FILE));
    if (Files.exists(s.file)) {
      s.load(JsonFiles.read(s.file));
    }
    return s;
  }

  public synchronized PasswordVerifier verifier() {
    return verifier;
  }

  /** Replaces the verifier (paired stations stay pinned). */
  public synchronized void setVerifier(PasswordVerifier v) {
    PasswordVerifier old = verifier;
    verifier = v;
    try {
      save();
    } catch (IOException e) {
      verifier = old;
      throw new UncheckedIOException("could not store the new password verifier", e);
    }
  }

  public synchronized PairedPeer station(String id) {
    return stations.get(id);
  }

  public synchronized List<PairedPeer> stations() {
    return new ArrayList<>(stations.values());
  }

  public synchronized void pin(PublicIdentity station, String name, long nowMillis) {
    stations.put(station.id(), new PairedPeer(station, name, nowMillis, null));
    saveUnchecked();
  }

  /** Removes a station; true if it was paired. */
  public synchronized boolean unpair(String stationId) {
    boolean removed = stations.remove(stationId) != null;
    if (removed) {
      saveUnchecked();
    }
    return removed;
  }

  public synchronized Audit audit() {
    return new Audit(
        failedAttempts,
        lockouts,
        lockedUntil,
        lastFailure,
        blocklistedAttempts,
        lastBlocklisted,
        failedPasswordChanges);
  }

  /**
   * Counts an attempt to set a blocklisted password. The count stays even if it cannot be stored
   * (the refusal matters more than the audit line).
   */
  synchronized void recordBlocklistedAttempt(long nowMillis) {
    blocklistedAttempts++;
    lastBlocklisted = nowMillis;
    saveUnchecked();
  }

  /** Counts a wrong password; {@code passwordChange} when it came through the password change. */
  synchronized void recordFailure(long nowMillis, boolean passwordChange) {
    failedAttempts++;
    if (passwordChange) {
      failedPasswordChanges++;
    }
    lastFailure = nowMillis;
    saveUnchecked();
  }

  synchronized void recordLockout(long untilMillis) {
    lockouts++;
    lockedUntil = untilMillis;
    saveUnchecked();
  }

  synchronized long lockedUntil() {
    return lockedUntil;
  }

  private void saveUnchecked() {
    try {
      save();
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the camera's pairing state", e);
    }
  }

  private void save() throws IOException {
    if (file == null) {
      return;
    }
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("version", 1);
    if (verifier != null) {
      ObjectNode p = root.putObject("password");
      p.put("salt", b64(verifier.salt()));
      p.put("argonMemoryKiB", verifier.argon().memoryKiB());
      p.put("argonIterations", verifier.argon().iterations());
      p.put("argonParallelism", verifier.argon().parallelism());
      p.put("verifier", b64(verifier.verifier().toByteArray()));
      p.put("setAt", verifier.setAtMillis());
      p.put("strength", verifier.strength());
      p.put("score", verifier.score());
    }
    ArrayNode st = root.putArray("stations");
    for (PairedPeer s : stations.values()) {
      ObjectNode n = st.addObject();
      n.put("id", s.id());
      n.put("key", s.key().base64());
      n.put("name", s.name());
      n.put("pairedAt", s.pairedAtMillis());
    }
    ObjectNode a = root.putObject("audit");
    a.put("failedAttempts", failedAttempts);
    a.put("lockouts", lockouts);
    a.put("lockedUntil", lockedUntil);
    a.put("lastFailureAt", lastFailure);
    a.put("blocklistedAttempts", blocklistedAttempts);
    a.put("lastBlocklistedAt", lastBlocklisted);
    a.put("failedPasswordChanges", failedPasswordChanges);
    JsonFiles.write(file, root);
  }

  private void load(JsonNode root) throws IOException {
    try {
      JsonNode p = root.get("password");
      if (p != null && !p.isNull()) {
        verifier =
            new PasswordVerifier(
                Base64.getDecoder().decode(p.get("salt").asText()),
                new Argon2Params(
                    p.get("argonMemoryKiB").asInt(),
                    p.get("argonIterations").asInt(),
                    p.get("argonParallelism").asInt()),
                new BigInteger(Base64.getDecoder().decode(p.get("verifier").asText())),
                p.get("setAt").asLong(),
                p.get("strength").asText(),
                p.get("score").asInt());
      }
      for (JsonNode n : root.withArray("stations")) {
        PublicIdentity key = PublicIdentity.fromBase64(n.get("key").asText());
        stations.put(
            key.id(),
            new PairedPeer(key, n.get("name").asText(), n.get("pairedAt").asLong(), null));
      }
      JsonNode a = root.get("audit");
      if (a != null) {
        failedAttempts = a.path("failedAttempts").asLong();
        lockouts = a.path("lockouts").asLong();
        lockedUntil = a.path("lockedUntil").asLong();
        lastFailure = a.path("lastFailureAt").asLong();
        // Absent in files written before this fact was kept: never tried then, as far as we know.
        blocklistedAttempts = a.path("blocklistedAttempts").asLong();
        lastBlocklisted = a.path("lastBlocklistedAt").asLong();
        failedPasswordChanges = a.path("failedPasswordChanges").asLong();
      }
    } catch (RuntimeException e) {
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
