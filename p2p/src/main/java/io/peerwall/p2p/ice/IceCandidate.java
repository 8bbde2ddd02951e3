package io.peerwall.p2p.ice;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.peerwall.p2p.json.StrictJson;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * One ICE candidate as exchanged in signaling (the fields of an SDP {@code a=candidate} line, RFC
 * 8839 §5.1). Validated on construction: an instance is always well-formed.
 *
 * @param foundation 1..32 ice-chars
 * @param component component ID; always 1 here (RTP and RTCP are multiplexed)
 * @param transport {@code "udp"} (the only transport supported so far)
 * @param priority 1..2^32-1
 * @param address an IP literal (never a host name: no DNS on signaling input)
 * @param port 1..65535
 * @param type {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param relatedAddress the base/mapped address for reflexive and relayed candidates, or null
 * @param relatedPort port of {@code relatedAddress}, or null
 */
@JsonPropertyOrder({
  "foundation",
  "component",
  "transport",
  "priority",
  "address",
  "port",
  "type",
  "relatedAddress",
  "relatedPort"
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IceCandidate(
    @JsonProperty("foundation") String foundation,
    @JsonProperty("component") int component,
    @JsonProperty("transport") String transport,
    @JsonProperty("priority") long priority,
    @JsonProperty("address") String address,
    @JsonProperty("port") int port,
    @JsonProperty("type") String type,
    @JsonProperty("relatedAddress") String relatedAddress,
    @JsonProperty("relatedPort") Integer relatedPort) {

  public static final Set<String> TYPES = Set.of("host", "srflx", "prflx", "relay");
  private static final Set<String> FIELDS =
      Set.of(
          "foundation",
          "component",
          "transport",
          "priority",
          "address",
          "port",
          "type",
          "relatedAddress",
          "relatedPort");

  public IceCandidate {
    if (!IceDescription.isIceChars(foundation, 1, 32)) {
      throw new IllegalArgumentException("candidate foundation must be 1..32 ice-chars");
    }
    if (component != 1) {
      throw new IllegalArgumentException("candidate component must be 1 (rtcp-mux)");
    }
    transport = transport == null ? null : transport.toLowerCase(Locale.ROOT);
    if (!"udp".equals(transport)) {
      throw new IllegalArgumentException("candidate transport must be udp");
    }
    if (priority < 1 || priority > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("candidate priority out of range");
    }
    IpLiteral.parse(address);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("candidate port out of range");
    }
    if (type == null || !TYPES.contains(type)) {
      throw new IllegalArgumentException("candidate type must be one of " + TYPES);
    }
    if ((relatedAddress == null) != (relatedPort == null)) {
      throw new IllegalArgumentException("relatedAddress and relatedPort go together");
    }
    if (relatedAddress != null) {
      IpLiteral.parse(relatedAddress);
      if (relatedPort < 0 || relatedPort > 65535) {
        throw new IllegalArgumentException("candidate relatedPort out of range");
      }
    }
  }

  /** The address as an {@link InetAddress} (a literal: no lookup). */
  public InetAddress inetAddress() {
    return IpLiteral.parse(address);
  }

  /** Strict parse of one candidate object (see {@link StrictJson}). */
  public static IceCandidate fromJson(JsonNode node) {
    StrictJson.requireObject(node, "candidate");
    StrictJson.onlyFields(node, "candidate", FIELDS);
    Long relPort = StrictJson.optInteger(node, "relatedPort", 0, 65535);
    return new IceCandidate(
        StrictJson.text(node, "foundation", 32),
        (int) StrictJson.integer(node, "component", 1, 256),
        StrictJson.text(node, "transport", 8),
        StrictJson.integer(node, "priority", 1, 0xFFFF_FFFFL),
        StrictJson.text(node, "address", 45),
        (int) StrictJson.integer(node, "port", 1, 65535),
        StrictJson.text(node, "type", 8),
        StrictJson.optText(node, "relatedAddress", 45),
        relPort == null ? null : relPort.intValue());
  }
}
