package io.peerwall.p2p.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The station's pinned cameras: ID → public key, name, last direct address. One JSON file, {@code
 * cameras.json}, owner-only, replaced atomically. Holds no secret (public keys only; the password
 * is never stored anywhere on the station). Thread-safe; a {@code null} path keeps it in memory.
 *
 * <p>Reads never wait: they see an immutable snapshot, replaced whole by each change. Changes are
 * serialized on this object's monitor, which is held while the file is written and synced (a slow
 * disk can hold it for long); the wall's FX thread reads this store, so no reader may take it.
 */
public final class StationTrustStore {
  public static final String FILE = "cameras.json";

  private final Path file;
  // Immutable, replaced whole under the monitor; read without it.
  private volatile Map<String, PairedPeer> cameras = Collections.emptyMap();

  private StationTrustStore(Path file) {
    this.file = file;
  }

  public static StationTrustStore inMemory() {
    return new StationTrustStore(null);
  }

  public static StationTrustStore open(Path dir) throws IOException {
    StationTrustStore s = new StationTrustStore(dir.resolve(FILE));
    if (Files.exists(s.file)) {
      s.load(JsonFiles.read(s.file));
    }
    return s;
  }

  public PairedPeer camera(String id) {
    return cameras.get(id);
  }

  public List<PairedPeer> cameras() {
    return new ArrayList<>(cameras.values());
  }

  public synchronized void pin(PublicIdentity camera, String name, String address, long nowMillis) {
    Map<String, PairedPeer> next = new LinkedHashMap<>(cameras);
    next.put(camera.id(), new PairedPeer(camera, name, nowMillis, address));
    replace(next);
  }

  /** Remembers where a paired camera was last reached directly. */
  public synchronized void updateAddress(String id, String address) {
    PairedPeer p = cameras.get(id);
    if (p != null && (address == null || !address.equals(p.address()))) {
      Map<String, PairedPeer> next = new LinkedHashMap<>(cameras);
      next.put(id, new PairedPeer(p.key(), p.name(), p.pairedAtMillis(), address));
      replace(next);
    }
  }

  public synchronized boolean remove(String id) {
    if (!cameras.containsKey(id)) {
      return false;
    }
    Map<String, PairedPeer> next = new LinkedHashMap<>(cameras);
    next.remove(id);
    replace(next);
    return true;
  }

  /** The change is seen at once, as before, and then stored (a failure to store is thrown). */
  private void replace(Map<String, PairedPeer> next) {
    cameras = Collections.unmodifiableMap(next);
    save();
  }

  private void save() {
    if (file == null) {
      return;
    }
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("version", 1);
    ArrayNode arr = root.putArray("cameras");
    for (PairedPeer p : cameras.values()) {
      ObjectNode n = arr.addObject();
      n.put("id", p.id());
      n.put("key", p.key().base64());
      n.put("name", p.name());
      n.put("pairedAt", p.pairedAtMillis());
      if (p.address() != null) {
        n.put("address", p.address());
      }
    }
    try {
      JsonFiles.write(file, root);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the paired cameras", e);
    }
  }

  private void load(JsonNode root) throws IOException {
    Map<String, PairedPeer> loaded = new LinkedHashMap<>();
    try {
      for (JsonNode n : root.withArray("cameras")) {
        PublicIdentity key = PublicIdentity.fromBase64(n.get("key").asText());
        if (!key.id().equals(n.path("id").asText())) {
          throw new IOException("entry " + n.path("id").asText() + " does not match its key");
        }
        JsonNode addr = n.get("address");
        loaded.put(
            key.id(),
            new PairedPeer(
                key,
                n.get("name").asText(),
                n.get("pairedAt").asLong(),
                addr == null ? null : addr.asText()));
      }
    } catch (RuntimeException e) {
      throw new IOException(file + " is damaged: " + e.getMessage(), e);
    }
    cameras = Collections.unmodifiableMap(loaded);
  }
}
