package io.peerwall.p2p.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.json.StrictJson;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * JSON-lines encoding of {@link SignalingMessage}s with schema validation. Decoding is strict and
 * bounded: only known message types, only known fields, exact JSON types (no coercion), length
 * limits on every string, at most {@code IceConfig.MAX_CANDIDATES} candidates, no duplicate keys,
 * limited nesting. Every violation is a {@link SignalingProtocolException}; nothing else escapes.
 *
 * <pre>
 * {"type":"hello","version":1,"cameraName":"Front door","cameraId":"pw-…"}
 * {"type":"offer","ice":{"ufrag":"…","pwd":"…","candidates":[…]}}
 * {"type":"answer","ice":{…}}
 * {"type":"bye","reason":"closed by user"}
 * {"type":"error","reason":"unsupported protocol version 2"}
 * </pre>
 */
public final class SignalingCodec {
  public static final int PROTOCOL_VERSION = 1;

  /** Hard limit of one encoded message line, in bytes (newline excluded). */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  public static final int MAX_NAME = 128;
  public static final int MAX_ID = 128;
  public static final int MAX_REASON = 512;

  private static final Set<String> HELLO = Set.of("type", "version", "cameraName", "cameraId");
  private static final Set<String> WITH_ICE = Set.of("type", "ice");
  private static final Set<String> WITH_REASON = Set.of("type", "reason");

  private SignalingCodec() {}

  /** Encodes one message as a JSON line (without the newline). */
  public static String encode(SignalingMessage m) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    if (m instanceof Hello h) {
      n.put("type", "hello");
      n.put("version", h.version());
      n.put("cameraName", h.cameraName());
      n.put("cameraId", h.cameraId());
    } else if (m instanceof Offer o) {
      n.put("type", "offer");
      n.set("ice", StrictJson.mapper().valueToTree(o.ice()));
    } else if (m instanceof Answer a) {
      n.put("type", "answer");
      n.set("ice", StrictJson.mapper().valueToTree(a.ice()));
    } else if (m instanceof Bye b) {
      n.put("type", "bye");
      n.put("reason", truncate(b.reason()));
    } else if (m instanceof ErrorMessage e) {
      n.put("type", "error");
      n.put("reason", truncate(e.reason()));
    } else {
      throw new IllegalArgumentException("unknown message " + m);
    }
    String line = StrictJson.write(n);
    if (line.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
      throw new IllegalArgumentException("message exceeds " + MAX_LINE_BYTES + " bytes");
    }
    return line;
  }

  /** Decodes and validates one line. */
  public static SignalingMessage decode(String line) throws SignalingProtocolException {
    if (line == null) {
      throw new SignalingProtocolException("no message");
    }
    if (line.length() > MAX_LINE_BYTES) {
      throw new SignalingProtocolException("line longer than " + MAX_LINE_BYTES + " bytes");
    }
    try {
      JsonNode n = StrictJson.parse(line);
      StrictJson.requireObject(n, "message");
      String type = StrictJson.text(n, "type", 16);
      switch (type) {
        case "hello":
          {
            StrictJson.onlyFields(n, "hello", HELLO);
            int version = (int) StrictJson.integer(n, "version", 0, Integer.MAX_VALUE);
            String name = StrictJson.text(n, "cameraName", MAX_NAME);
            String id = StrictJson.text(n, "cameraId", MAX_ID);
            requirePrintable("cameraName", name, 1);
            if (!id.matches("[A-Za-z0-9._:-]+")) {
              throw new IllegalArgumentException(
                  "cameraId must be 1.." + MAX_ID + " of [A-Za-z0-9._:-]");
            }
            return new Hello(version, name, id);
          }
        case "offer":
          StrictJson.onlyFields(n, "offer", WITH_ICE);
          return new Offer(IceDescription.fromJson(n.get("ice")));
        case "answer":
          StrictJson.onlyFields(n, "answer", WITH_ICE);
          return new Answer(IceDescription.fromJson(n.get("ice")));
        case "bye":
          StrictJson.onlyFields(n, "bye", WITH_REASON);
          return new Bye(reason(n));
        case "error":
          StrictJson.onlyFields(n, "error", WITH_REASON);
          return new ErrorMessage(reason(n));
        default:
          throw new IllegalArgumentException(
              "unknown message type '" + StrictJson.clip(type) + "'");
      }
    } catch (IllegalArgumentException e) {
      throw new SignalingProtocolException(e.getMessage());
    } catch (RuntimeException e) {
      // Defensive: no parser bug may escape as anything but a protocol error.
      throw new SignalingProtocolException(
          "invalid message (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String reason(JsonNode n) {
    String r = StrictJson.text(n, "reason", MAX_REASON);
    requirePrintable("reason", r, 0);
    return r;
  }

  private static void requirePrintable(String field, String s, int min) {
    if (s.length() < min) {
      throw new IllegalArgumentException("field '" + field + "' is empty");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new IllegalArgumentException("field '" + field + "' contains control characters");
      }
    }
  }

  private static String truncate(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < MAX_REASON; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (b.length() > 0 && Character.isHighSurrogate(b.charAt(b.length() - 1))) {
      b.setLength(b.length() - 1); // don't cut a surrogate pair in half
    }
    return b.toString();
  }
}
