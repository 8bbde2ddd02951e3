package io.peerwall.p2p.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.ice.IceDescription;
import io.peerwall.p2p.json.StrictJson;
import io.peerwall.p2p.signaling.SignalingMessage.Answer;
import io.peerwall.p2p.signaling.SignalingMessage.Auth;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.signaling.SignalingMessage.ErrorMessage;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.SignalingMessage.Offer;
import io.peerwall.p2p.signaling.SignalingMessage.PairChallenge;
import io.peerwall.p2p.signaling.SignalingMessage.PairHello;
import io.peerwall.p2p.signaling.SignalingMessage.PairProof;
import io.peerwall.p2p.signaling.SignalingMessage.PairResult;
import io.peerwall.p2p.signaling.SignalingMessage.Refused;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * JSON-lines encoding of {@link SignalingMessage}s with schema validation. Decoding is strict and
 * bounded: only known message types, only known fields, exact JSON types (no coercion), length
 * limits on every string, base64 fields checked to decode within their limit, at most {@code
 * IceConfig.MAX_CANDIDATES} candidates, no duplicate keys, limited nesting. Every violation is a
 * {@link SignalingProtocolException}; nothing else escapes.
 *
 * <pre>
 * {"type":"hello","version":2,"cameraName":"Front door","cameraId":"K7QD-…","cameraKey":"MFkw…"}
 * {"type":"offer","ice":{…},"auth":{"from":"…","nonce":"…","timestamp":…,"signature":"…"}}
 * {"type":"pair-hello","stationKey":"…","stationName":"…","nonce":"…"}
 * {"type":"refused","code":"wrong-password","reason":"…","retryAfter":0}
 * </pre>
 */
public final class SignalingCodec {
  public static final int PROTOCOL_VERSION = 2;

  /** Hard limit of one encoded message line, in bytes (newline excluded). */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  public static final int MAX_NAME = 128;
  public static final int MAX_ID = 64;
  public static final int MAX_REASON = 512;

  /** base64 of a P-256 SubjectPublicKeyInfo (91 bytes) with room to spare. */
  static final int MAX_KEY_B64 = 216;

  /** base64 of a 3072-bit SRP value (384 bytes). */
  static final int MAX_SRP_B64 = 512;

  static final int MAX_SIG_B64 = 108;
  static final int MAX_NONCE_B64 = 44;
  static final int MAX_PROOF_B64 = 44;

  private static final Set<String> HELLO =
      Set.of("type", "version", "cameraName", "cameraId", "cameraKey");
  private static final Set<String> WITH_ICE = Set.of("type", "ice", "auth");
  private static final Set<String> AUTH = Set.of("from", "nonce", "timestamp", "signature");
  private static final Set<String> WITH_REASON = Set.of("type", "reason");
  private static final Set<String> PAIR_HELLO =
      Set.of("type", "stationKey", "stationName", "nonce");
  private static final Set<String> PAIR_CHALLENGE =
      Set.of("type", "salt", "argonMemoryKiB", "argonIterations", "argonParallelism", "b", "nonce");
  private static final Set<String> PAIR_PROOF = Set.of("type", "a", "proof", "signature");
  private static final Set<String> PAIR_RESULT = Set.of("type", "proof", "signature");
  private static final Set<String> REFUSED = Set.of("type", "code", "reason", "retryAfter");

  private SignalingCodec() {}

  /** Encodes one message as a JSON line (without the newline). */
  public static String encode(SignalingMessage m) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    if (m instanceof Hello h) {
      n.put("type", "hello");
      n.put("version", h.version());
      n.put("cameraName", h.cameraName());
      n.put("cameraId", h.cameraId());
      n.put("cameraKey", h.cameraKey());
    } else if (m instanceof Offer o) {
      n.put("type", "offer");
      n.set("ice", StrictJson.mapper().valueToTree(o.ice()));
      n.set("auth", auth(o.auth()));
    } else if (m instanceof Answer a) {
      n.put("type", "answer");
      n.set("ice", StrictJson.mapper().valueToTree(a.ice()));
      n.set("auth", auth(a.auth()));
    } else if (m instanceof PairHello p) {
      n.put("type", "pair-hello");
      n.put("stationKey", p.stationKey());
      n.put("stationName", p.stationName());
      n.put("nonce", p.nonce());
    } else if (m instanceof PairChallenge c) {
      n.put("type", "pair-challenge");
      n.put("salt", c.salt());
      n.put("argonMemoryKiB", c.argonMemoryKiB());
      n.put("argonIterations", c.argonIterations());
      n.put("argonParallelism", c.argonParallelism());
      n.put("b", c.b());
      n.put("nonce", c.nonce());
    } else if (m instanceof PairProof p) {
      n.put("type", "pair-proof");
      n.put("a", p.a());
      n.put("proof", p.proof());
      n.put("signature", p.signature());
    } else if (m instanceof PairResult r) {
      n.put("type", "pair-result");
      n.put("proof", r.proof());
      n.put("signature", r.signature());
    } else if (m instanceof Refused r) {
      n.put("type", "refused");
      n.put("code", r.code());
      n.put("reason", truncate(r.reason()));
      n.put("retryAfter", Math.max(0, r.retryAfterMillis()));
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

  private static ObjectNode auth(Auth a) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("from", a.from());
    n.put("nonce", a.nonce());
    n.put("timestamp", a.timestamp());
    n.put("signature", a.signature());
    return n;
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
            if (!id.matches("[A-Z0-9-]+")) {
              throw new IllegalArgumentException("cameraId must be 1.." + MAX_ID + " of [A-Z0-9-]");
            }
            return new Hello(version, name, id, base64(n, "cameraKey", MAX_KEY_B64));
          }
        case "offer":
          StrictJson.onlyFields(n, "offer", WITH_ICE);
          return new Offer(IceDescription.fromJson(n.get("ice")), auth(n.get("auth")));
        case "answer":
          StrictJson.onlyFields(n, "answer", WITH_ICE);
          return new Answer(IceDescription.fromJson(n.get("ice")), auth(n.get("auth")));
        case "pair-hello":
          {
            StrictJson.onlyFields(n, "pair-hello", PAIR_HELLO);
            String name = StrictJson.text(n, "stationName", MAX_NAME);
            requirePrintable("stationName", name, 1);
            return new PairHello(
                base64(n, "stationKey", MAX_KEY_B64), name, base64(n, "nonce", MAX_NONCE_B64));
          }
        case "pair-challenge":
          StrictJson.onlyFields(n, "pair-challenge", PAIR_CHALLENGE);
          return new PairChallenge(
              base64(n, "salt", 44),
              (int) StrictJson.integer(n, "argonMemoryKiB", 1, 1 << 22),
              (int) StrictJson.integer(n, "argonIterations", 1, 100),
              (int) StrictJson.integer(n, "argonParallelism", 1, 64),
              base64(n, "b", MAX_SRP_B64),
              base64(n, "nonce", MAX_NONCE_B64));
        case "pair-proof":
          StrictJson.onlyFields(n, "pair-proof", PAIR_PROOF);
          return new PairProof(
              base64(n, "a", MAX_SRP_B64),
              base64(n, "proof", MAX_PROOF_B64),
              base64(n, "signature", MAX_SIG_B64));
        case "pair-result":
          StrictJson.onlyFields(n, "pair-result", PAIR_RESULT);
          return new PairResult(
              base64(n, "proof", MAX_PROOF_B64), base64(n, "signature", MAX_SIG_B64));
        case "refused":
          {
            StrictJson.onlyFields(n, "refused", REFUSED);
            String code = StrictJson.text(n, "code", 32);
            if (!code.matches("[a-z-]+")) {
              throw new IllegalArgumentException("refused code must be [a-z-]");
            }
            return new Refused(
                code, reason(n), StrictJson.integer(n, "retryAfter", 0, 7L * 86_400_000L));
          }
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

  private static Auth auth(JsonNode a) {
    StrictJson.requireObject(a, "auth");
    StrictJson.onlyFields(a, "auth", AUTH);
    String from = StrictJson.text(a, "from", MAX_ID);
    if (!from.matches("[A-Z0-9-]+")) {
      throw new IllegalArgumentException("auth.from must be a peer ID");
    }
    return new Auth(
        from,
        base64(a, "nonce", MAX_NONCE_B64),
        StrictJson.integer(a, "timestamp", 0, Long.MAX_VALUE / 2),
        base64(a, "signature", MAX_SIG_B64));
  }

  /** A base64 text field that decodes to at least one byte within {@code maxLen} characters. */
  private static String base64(JsonNode n, String field, int maxLen) {
    String s = StrictJson.text(n, field, maxLen);
    try {
      if (Base64.getDecoder().decode(s).length == 0) {
        throw new IllegalArgumentException("field '" + field + "' is empty");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field '" + field + "' is not base64");
    }
    return s;
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
