package io.peerwall.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * How stations reach the camera from outside its network, kept in {@code camera.json}: the
 * rendezvous it registers with ({@code host:port} or {@code host:port#ID}, the ID pinning its key),
 * and STUN and TURN servers of its own besides the ones the rendezvous hands out. A TURN password
 * is stored sealed under the camera's identity ({@link SealedTurnServer}).
 *
 * @param rendezvous the rendezvous address as typed, or null
 * @param stun STUN servers "host:port" (at most 4)
 * @param turn TURN servers with static credentials (at most 4)
 */
public record ReachSettings(String rendezvous, List<String> stun, List<SealedTurnServer> turn) {
  public static final ReachSettings NONE = new ReachSettings(null, List.of(), List.of());

  public ReachSettings {
    stun = List.copyOf(stun);
    turn = List.copyOf(turn);
    if (rendezvous != null) {
      RendezvousAddress.parse(rendezvous); // throws with what is wrong
    }
    if (stun.size() > IceServerList.MAX_SERVERS || turn.size() > IceServerList.MAX_SERVERS) {
      throw new IllegalArgumentException("at most 4 STUN and 4 TURN servers");
    }
    for (String s : stun) {
      if (s == null || !s.matches("\\[?[A-Za-z0-9.:-]+]?:[0-9]{1,5}")) {
        throw new IllegalArgumentException("STUN server '" + s + "' is not HOST:PORT");
      }
    }
  }

  /** The rendezvous, parsed; null if none. */
  public RendezvousAddress rendezvousAddress() {
    return rendezvous == null ? null : RendezvousAddress.parse(rendezvous);
  }

  public ReachSettings withRendezvous(String address) {
    return new ReachSettings(address, stun, turn);
  }

  public ReachSettings withStun(List<String> servers) {
    return new ReachSettings(rendezvous, servers, turn);
  }

  public ReachSettings withTurn(List<SealedTurnServer> servers) {
    return new ReachSettings(rendezvous, stun, servers);
  }

  /** Reads the fields of {@code root} (absent ones: none). */
  static ReachSettings read(JsonNode root) {
    JsonNode r = root.get("rendezvous");
    String rendezvous = r == null || r.isNull() ? null : textOf(r, "rendezvous");
    List<String> stun = new ArrayList<>();
    for (JsonNode n : arrayOf(root, "stun")) {
      stun.add(textOf(n, "stun"));
    }
    List<SealedTurnServer> turn = new ArrayList<>();
    for (JsonNode n : arrayOf(root, "turn")) {
      if (!n.isObject()) {
        throw new IllegalArgumentException("'turn' entries must be objects");
      }
      turn.add(
          new SealedTurnServer(
              textOf(n.get("address"), "turn address"),
              textOf(n.get("username"), "turn username"),
              textOf(n.get("password"), "turn password")));
    }
    return new ReachSettings(rendezvous, stun, turn);
  }

  /** Writes the fields into {@code root}. */
  void write(ObjectNode root) {
    root.put("rendezvous", rendezvous);
    ArrayNode s = root.putArray("stun");
    stun.forEach(s::add);
    ArrayNode t = root.putArray("turn");
    for (SealedTurnServer x : turn) {
      t.addObject()
          .put("address", x.address())
          .put("username", x.username())
          .put("password", x.sealedPassword());
    }
  }

  private static Iterable<JsonNode> arrayOf(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray() || n.size() > IceServerList.MAX_SERVERS) {
      throw new IllegalArgumentException("'" + field + "' must be a list of at most 4");
    }
    return n;
  }

  private static String textOf(JsonNode n, String what) {
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("'" + what + "' is missing or not text");
    }
    return n.asText();
  }
}
