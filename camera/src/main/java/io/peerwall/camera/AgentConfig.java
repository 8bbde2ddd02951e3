package io.peerwall.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The camera agent's settings, {@code camera.json} in its data directory: name, signaling port and
 * address, how many stations may watch at once, and how stations reach it from elsewhere ({@link
 * ReachSettings}: rendezvous, STUN, TURN). Validated on load (a damaged or hand-broken file is
 * reported with its path and the field, never silently replaced) and written atomically (temporary
 * file, fsync, rename). Holds no secret in clear: RTSP credentials are never stored here, a TURN
 * password only sealed under the camera's identity.
 */
public record AgentConfig(
    String name, int port, String bind, int maxStations, ReachSettings reach) {
  public static final String FILE = "camera.json";
  public static final int DEFAULT_PORT = 7700;
  public static final int DEFAULT_MAX_STATIONS = 8;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long MAX_BYTES = 64 * 1024;

  public AgentConfig {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("name must be 1 to 64 characters");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (bind == null || bind.isBlank()) {
      throw new IllegalArgumentException("bind must be an address");
    }
    if (maxStations < 1 || maxStations > 64) {
      throw new IllegalArgumentException("maxStations must be 1 to 64, not " + maxStations);
    }
    if (reach == null) {
      reach = ReachSettings.NONE;
    }
  }

  /** Settings without any rendezvous, STUN or TURN. */
  public AgentConfig(String name, int port, String bind, int maxStations) {
    this(name, port, bind, maxStations, ReachSettings.NONE);
  }

  public AgentConfig withReach(ReachSettings newReach) {
    return new AgentConfig(name, port, bind, maxStations, newReach);
  }

  public static AgentConfig defaults(String name) {
    return new AgentConfig(name, DEFAULT_PORT, "127.0.0.1", DEFAULT_MAX_STATIONS);
  }

  /**
   * Reads {@code dir/camera.json}; {@code null} if there is none.
   *
   * @throws IOException naming the file and what is wrong when it is damaged or invalid
   */
  public static AgentConfig load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.exists(file)) {
      return null;
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(file + " is larger than 64 KiB; it is not a camera config");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(
          file
              + " is damaged (not JSON: "
              + e.getMessage().lines().findFirst().orElse("")
              + "); fix or delete it",
          e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(file + " is damaged (not a JSON object); fix or delete it");
    }
    try {
      return new AgentConfig(
          text(root, "name"),
          number(root, "port"),
          text(root, "bind"),
          number(root, "maxStations"),
          ReachSettings.read(root));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is invalid: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not text");
    }
    return n.asText();
  }

  private static int number(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
    }
    return n.asInt();
  }

  /**
   * Writes {@code dir/camera.json} atomically, owner-only.
   *
   * @throws IOException with the path (a full disk leaves the previous file intact)
   */
  public void save(Path dir) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    root.put("name", name);
    root.put("port", port);
    root.put("bind", bind);
    root.put("maxStations", maxStations);
    reach.write(root);
    Path file = dir.resolve(FILE);
    try {
      Identity.writeOwnerOnly(
          file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      try {
        Files.deleteIfExists(file.resolveSibling(FILE + ".tmp"));
      } catch (IOException ignored) {
        // the temporary file is replaced on the next write
      }
      throw new IOException(
          "cannot write " + file + " (" + e.getMessage() + "); the previous settings are kept", e);
    }
  }
}
