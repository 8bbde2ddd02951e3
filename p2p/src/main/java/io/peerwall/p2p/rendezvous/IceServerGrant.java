package io.peerwall.p2p.rendezvous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.json.StrictJson;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a rendezvous grants a peer that proved its ID: its STUN and TURN servers, with TURN
 * credentials for that ID, bound to the peer's request nonce and to the rendezvous's own ID, and
 * signed by the rendezvous key. The grant travels as a JSON text and the signature covers exactly
 * that text; it is parsed only after the signature verified. Server addresses are IP literals (the
 * rendezvous resolves names once, at start), so peers never look up a name they were sent.
 *
 * <pre>{"v":1,"rendezvous":"ID","peer":"ID","nonce":"…","issued":1700000000,
 *  "stun":["203.0.113.5:3478"],
 *  "turn":[{"address":"203.0.113.5:3478","username":"1700003600:ID","password":"…","expires":1700003600}]}
 * </pre>
 *
 * @param rendezvousId the ID of the key that signs the grant
 * @param peerId the peer it was granted to (the TURN usernames name it too)
 * @param nonce the peer's request nonce (freshness: an old grant cannot be replayed to it)
 * @param issued when the rendezvous made it
 * @param servers the servers and credentials
 */
public record IceServerGrant(
    String rendezvousId, String peerId, String nonce, Instant issued, IceServerList servers) {
  /** Longest grant text (fits StrictJson's string limit). */
  public static final int MAX_CHARS = StrictJson.MAX_STRING;

  static final String SIGNATURE_LABEL = "peerwall-rdv-ice-servers-v1\n";
  private static final Set<String> FIELDS =
      Set.of("v", "rendezvous", "peer", "nonce", "issued", "stun", "turn");
  private static final Set<String> TURN_FIELDS =
      Set.of("address", "username", "password", "expires");

  /** The bytes the rendezvous signs: a label, then the grant text. */
  static byte[] signedBytes(String grantText) {
    return (SIGNATURE_LABEL + grantText).getBytes(StandardCharsets.UTF_8);
  }

  /** The grant as JSON text (holds TURN passwords: for the wire, never for logs). */
  public String toJson() {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("v", 1)
        .put("rendezvous", rendezvousId)
        .put("peer", peerId)
        .put("nonce", nonce)
        .put("issued", issued.getEpochSecond());
    ArrayNode stun = n.putArray("stun");
    for (InetSocketAddress a : servers.stun()) {
      stun.add(IceServerList.hostPort(a));
    }
    ArrayNode turn = n.putArray("turn");
    for (TurnServer t : servers.turn()) {
      ObjectNode o =
          turn.addObject()
              .put("address", t.where())
              .put("username", t.username())
              .put("password", t.password());
      if (t.expires() != null) {
        o.put("expires", t.expires().getEpochSecond());
      }
    }
    String text = StrictJson.write(n);
    if (text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("ICE server grant longer than " + MAX_CHARS);
    }
    return text;
  }

  /**
   * Strict parse of a grant text.
   *
   * @throws IllegalArgumentException if anything is malformed, unknown or out of bounds
   */
  public static IceServerGrant parse(String text) {
    if (text == null || text.length() > MAX_CHARS) {
      throw new IllegalArgumentException("ICE server grant missing or too long");
    }
    JsonNode n = StrictJson.parse(text);
    StrictJson.requireObject(n, "ICE server grant");
    StrictJson.onlyFields(n, "ICE server grant", FIELDS);
    StrictJson.integer(n, "v", 1, 1);
    String rendezvous = RendezvousCodec.id(n, "rendezvous");
    String peer = RendezvousCodec.id(n, "peer");
    String nonce = StrictJson.text(n, "nonce", 64);
    Instant issued = Instant.ofEpochSecond(StrictJson.integer(n, "issued", 0, 1L << 40));
    List<InetSocketAddress> stun = new ArrayList<>();
    for (JsonNode s : StrictJson.array(n, "stun", IceServerList.MAX_SERVERS)) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException("stun entries must be strings");
      }
      stun.add(IceServerList.parseAddress(s.textValue()));
    }
    List<TurnServer> turn = new ArrayList<>();
    for (JsonNode t : StrictJson.array(n, "turn", IceServerList.MAX_SERVERS)) {
      StrictJson.requireObject(t, "turn entry");
      StrictJson.onlyFields(t, "turn entry", TURN_FIELDS);
      Long expires = StrictJson.optInteger(t, "expires", 0, 1L << 40);
      turn.add(
          new TurnServer(
              IceServerList.parseAddress(StrictJson.text(t, "address", 53)),
              StrictJson.text(t, "username", 256),
              StrictJson.text(t, "password", 256),
              expires == null ? null : Instant.ofEpochSecond(expires)));
    }
    return new IceServerGrant(rendezvous, peer, nonce, issued, new IceServerList(stun, turn));
  }

  @Override
  public String toString() {
    return "IceServerGrant[from "
        + rendezvousId
        + " to "
        + peerId
        + ", "
        + servers.stun().size()
        + " STUN, "
        + servers.turn()
        + "]";
  }
}
