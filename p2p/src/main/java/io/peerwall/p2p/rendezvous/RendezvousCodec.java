package io.peerwall.p2p.rendezvous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.json.StrictJson;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Challenge;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Close;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Data;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceGrant;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceRequest;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Open;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Ping;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Pong;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Register;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Registered;
import io.peerwall.p2p.signaling.SignalingCodec;
import java.util.Set;

/**
 * Strict, bounded codec of {@link RendezvousMessage}s. A data payload is at most one signaling line
 * ({@link SignalingCodec#MAX_LINE_BYTES}); the rendezvous never parses it. An ICE grant is a JSON
 * text of at most {@link IceServerGrant#MAX_CHARS}, parsed (strictly) only after its signature
 * verified. Anything malformed is an {@link IllegalArgumentException}.
 */
public final class RendezvousCodec {
  /** A rendezvous line: a signaling line escaped inside JSON, plus framing. */
  public static final int MAX_LINE_BYTES = 2 * SignalingCodec.MAX_LINE_BYTES + 256;

  private static final long MAX_CHANNEL = 1L << 40;

  private RendezvousCodec() {}

  public static String encode(RendezvousMessage m) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    if (m instanceof Challenge c) {
      n.put("type", "challenge").put("nonce", c.nonce());
      if (c.rendezvousKey() != null) {
        n.put("rendezvousKey", c.rendezvousKey());
      }
    } else if (m instanceof Register r) {
      n.put("type", "register").put("cameraKey", r.cameraKey()).put("signature", r.signature());
    } else if (m instanceof Registered r) {
      n.put("type", "registered").put("cameraId", r.cameraId());
    } else if (m instanceof IceRequest r) {
      n.put("type", "ice-request")
          .put("key", r.key())
          .put("nonce", r.nonce())
          .put("signature", r.signature());
    } else if (m instanceof IceGrant g) {
      n.put("type", "ice-servers").put("grant", g.grant()).put("signature", g.signature());
    } else if (m instanceof Open o) {
      n.put("type", "open").put("channel", o.channel()).put("cameraId", o.cameraId());
    } else if (m instanceof Data d) {
      n.put("type", "data").put("channel", d.channel()).put("payload", d.payload());
    } else if (m instanceof Close c) {
      n.put("type", "close").put("channel", c.channel()).put("reason", c.reason());
    } else if (m instanceof Ping) {
      n.put("type", "ping");
    } else if (m instanceof Pong) {
      n.put("type", "pong");
    } else {
      throw new IllegalArgumentException("unknown rendezvous message");
    }
    return StrictJson.write(n);
  }

  public static RendezvousMessage decode(String line) {
    if (line == null || line.length() > MAX_LINE_BYTES) {
      throw new IllegalArgumentException("rendezvous line missing or too long");
    }
    try {
      JsonNode n = parse(line);
      StrictJson.requireObject(n, "rendezvous message");
      String type = StrictJson.text(n, "type", 16);
      switch (type) {
        case "challenge":
          StrictJson.onlyFields(n, type, Set.of("type", "nonce", "rendezvousKey"));
          return new Challenge(
              StrictJson.text(n, "nonce", 64), StrictJson.optText(n, "rendezvousKey", 256));
        case "register":
          StrictJson.onlyFields(n, type, Set.of("type", "cameraKey", "signature"));
          return new Register(
              StrictJson.text(n, "cameraKey", 256), StrictJson.text(n, "signature", 128));
        case "registered":
          StrictJson.onlyFields(n, type, Set.of("type", "cameraId"));
          return new Registered(id(n, "cameraId"));
        case "ice-request":
          StrictJson.onlyFields(n, type, Set.of("type", "key", "nonce", "signature"));
          return new IceRequest(
              StrictJson.text(n, "key", 256),
              StrictJson.text(n, "nonce", 64),
              StrictJson.text(n, "signature", 128));
        case "ice-servers":
          StrictJson.onlyFields(n, type, Set.of("type", "grant", "signature"));
          return new IceGrant(
              StrictJson.text(n, "grant", IceServerGrant.MAX_CHARS),
              StrictJson.text(n, "signature", 128));
        case "open":
          StrictJson.onlyFields(n, type, Set.of("type", "channel", "cameraId"));
          return new Open(StrictJson.integer(n, "channel", 1, MAX_CHANNEL), id(n, "cameraId"));
        case "data":
          {
            StrictJson.onlyFields(n, type, Set.of("type", "channel", "payload"));
            JsonNode p = n.get("payload");
            if (p == null
                || !p.isTextual()
                || p.textValue().length() > SignalingCodec.MAX_LINE_BYTES) {
              throw new IllegalArgumentException("payload must be a string of at most one line");
            }
            return new Data(StrictJson.integer(n, "channel", 1, MAX_CHANNEL), p.textValue());
          }
        case "close":
          StrictJson.onlyFields(n, type, Set.of("type", "channel", "reason"));
          return new Close(
              StrictJson.integer(n, "channel", 1, MAX_CHANNEL), StrictJson.text(n, "reason", 128));
        case "ping":
          StrictJson.onlyFields(n, type, Set.of("type"));
          return new Ping();
        case "pong":
          StrictJson.onlyFields(n, type, Set.of("type"));
          return new Pong();
        default:
          throw new IllegalArgumentException("unknown rendezvous message type");
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid rendezvous message (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** StrictJson caps strings at 4 KiB; a data payload may be a whole signaling line. */
  private static JsonNode parse(String line) {
    try {
      return RelaxedStringsJson.MAPPER.readTree(line);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("invalid JSON");
    }
  }

  static String id(JsonNode n, String field) {
    String s = StrictJson.text(n, field, 64);
    if (!s.matches("[A-Z0-9-]+")) {
      throw new IllegalArgumentException(field + " must be a peer ID");
    }
    return s;
  }
}
