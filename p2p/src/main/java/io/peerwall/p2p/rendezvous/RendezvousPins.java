package io.peerwall.p2p.rendezvous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PeerId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rendezvous keys a station or camera pinned, by {@code host:port}, in a small owner-only JSON
 * file ({@code {"rdv.example.org:7800": "ID", ...}}), written atomically. An address given with
 * {@code #ID} is trusted for exactly that ID (and the pin is updated to it: the person typed it);
 * an address without is pinned on first use.
 */
public final class RendezvousPins {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 64 * 1024;

  private final Path file;
  private final Map<String, String> pins = new LinkedHashMap<>();

  private RendezvousPins(Path file) {
    this.file = file;
  }

  /**
   * Opens (or starts) the pin file.
   *
   * @throws IOException if it exists but is damaged (never silently forgotten: that would turn an
   *     impostor into a first use)
   */
  public static RendezvousPins open(Path file) throws IOException {
    RendezvousPins p = new RendezvousPins(file);
    if (Files.exists(file)) {
      if (Files.size(file) > MAX_BYTES) {
        throw new IOException(file + " is larger than 64 KiB; is it the right file?");
      }
      JsonNode n;
      try {
        n = JSON.readTree(Files.readAllBytes(file));
      } catch (IOException e) {
        throw new IOException("rendezvous pins " + file + " are damaged: " + e.getMessage(), e);
      }
      if (n == null || !n.isObject()) {
        throw new IOException("rendezvous pins " + file + " are damaged: not a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        try {
          p.pins.put(e.getKey(), PeerId.parse(e.getValue().asText()));
        } catch (IllegalArgumentException bad) {
          throw new IOException("rendezvous pins " + file + " hold a damaged ID for " + e.getKey());
        }
      }
    }
    return p;
  }

  /** The pinned ID for this rendezvous, or null. */
  public synchronized String pinned(RendezvousAddress address) {
    return pins.get(address.hostPort());
  }

  /** The trust to use for {@code address} (see the class comment). */
  public RendezvousTrust trustFor(RendezvousAddress address) throws IOException {
    String key = address.hostPort();
    if (address.rendezvousId() != null) {
      synchronized (this) {
        if (!address.rendezvousId().equals(pins.get(key))) {
          pins.put(key, address.rendezvousId());
          save();
        }
      }
      return RendezvousTrust.exactly(address.rendezvousId());
    }
    return new RendezvousTrust() {
      @Override
      public String pinnedId() {
        synchronized (RendezvousPins.this) {
          return pins.get(key);
        }
      }

      @Override
      public void pinFirstUse(String id) throws IOException {
        synchronized (RendezvousPins.this) {
          if (!pins.containsKey(key)) {
            pins.put(key, PeerId.parse(id));
            save();
          }
        }
      }
    };
  }

  /** Forgets the pin of a rendezvous (the operator really changed its key; a person decided). */
  public synchronized void forget(RendezvousAddress address) throws IOException {
    if (pins.remove(address.hostPort()) != null) {
      save();
    }
  }

  private void save() throws IOException {
    ObjectNode n = JSON.createObjectNode();
    pins.forEach(n::put);
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Identity.restrict(dir, true);
    }
    Identity.writeOwnerOnly(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }
}
