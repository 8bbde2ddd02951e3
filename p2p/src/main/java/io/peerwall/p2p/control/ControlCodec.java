package io.peerwall.p2p.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.control.ControlMessage.Bye;
import io.peerwall.p2p.control.ControlMessage.ChangePassword;
import io.peerwall.p2p.control.ControlMessage.Info;
import io.peerwall.p2p.control.ControlMessage.InfoRequest;
import io.peerwall.p2p.control.ControlMessage.KeyframeRequest;
import io.peerwall.p2p.control.ControlMessage.Ping;
import io.peerwall.p2p.control.ControlMessage.Pong;
import io.peerwall.p2p.control.ControlMessage.Result;
import io.peerwall.p2p.control.ControlMessage.SelectStreams;
import io.peerwall.p2p.control.ControlMessage.Unpair;
import io.peerwall.p2p.json.StrictJson;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Strict, bounded JSON codec of {@link ControlMessage}s. A record is at most {@value #MAX_BYTES}
 * bytes of valid UTF-8; unknown types or fields, wrong JSON types, over-long strings: all are an
 * {@link IllegalArgumentException}, which the channel counts and drops.
 */
public final class ControlCodec {
  public static final int MAX_BYTES = 4096;
  private static final int MAX_TEXT = 256;
  private static final long MAX_ID = 1L << 40;
  // A lockout lasts minutes; a day bounds any wait a camera may ask for.
  private static final long MAX_RETRY_AFTER_MILLIS = 24L * 3600 * 1000;
  private static final Set<String> STREAMS = Set.of("main", "sub");
  // A set of distinct names from STREAMS: never longer than that.
  private static final int MAX_STREAMS = 2;

  private ControlCodec() {}

  public static byte[] encode(ControlMessage m) {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    if (m instanceof Ping p) {
      n.put("type", "ping").put("id", p.id());
    } else if (m instanceof Pong p) {
      n.put("type", "pong").put("id", p.id());
    } else if (m instanceof KeyframeRequest k) {
      n.put("type", "keyframe");
      if (k.stream() != null) {
        n.put("stream", k.stream());
      }
    } else if (m instanceof SelectStreams s) {
      n.put("type", "streams").put("id", s.id());
      ArrayNode list = n.putArray("list");
      s.streams().forEach(list::add);
    } else if (m instanceof InfoRequest r) {
      n.put("type", "info-request").put("id", r.id());
    } else if (m instanceof Info i) {
      n.put("type", "info").put("id", i.id());
      CameraInfo c = i.info();
      ObjectNode o = n.putObject("info");
      o.put("name", c.name()).put("model", c.model());
      ArrayNode s = o.putArray("streams");
      c.streams().forEach(s::add);
      o.put("time", c.timeMillis())
          .put("passwordSetAt", c.passwordSetAtMillis())
          .put("passwordStrength", c.passwordStrength())
          .put("failedAttempts", c.failedAttempts())
          .put("lockouts", c.lockouts())
          .put("lockedUntil", c.lockedUntilMillis())
          .put("pairedStations", c.pairedStations())
          .put("blocklistedAttempts", c.blocklistedAttempts())
          .put("lastBlocklistedAt", c.lastBlocklistedAtMillis())
          .put("failedPasswordChanges", c.failedPasswordChanges());
    } else if (m instanceof ChangePassword c) {
      n.put("type", "change-password")
          .put("id", c.id())
          .put("old", c.oldPassword())
          .put("new", c.newPassword());
    } else if (m instanceof Unpair u) {
      n.put("type", "unpair").put("id", u.id()).put("station", u.stationId());
    } else if (m instanceof Result r) {
      n.put("type", "result").put("id", r.id()).put("ok", r.ok()).put("reason", r.reason());
      if (!r.code().isEmpty()) {
        n.put("code", r.code());
      }
      if (r.retryAfterMillis() > 0) {
        n.put("retryAfter", r.retryAfterMillis());
      }
    } else if (m instanceof Bye b) {
      n.put("type", "bye").put("reason", b.reason());
    } else if (AuditCodec.handles(m)) {
      AuditCodec.encode(m, n);
    } else {
      throw new IllegalArgumentException("unknown control message");
    }
    byte[] b = StrictJson.write(n).getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_BYTES) {
      throw new IllegalArgumentException("control message too large");
    }
    return b;
  }

  /** Decodes one record; IllegalArgumentException for anything malformed. */
  public static ControlMessage decode(byte[] buf, int len) {
    if (len <= 0 || len > MAX_BYTES) {
      throw new IllegalArgumentException("control record size out of range");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(buf, 0, len))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("control record is not UTF-8");
    }
    try {
      JsonNode n = StrictJson.parse(text);
      StrictJson.requireObject(n, "control");
      String type = StrictJson.text(n, "type", 24);
      switch (type) {
        case "ping":
          StrictJson.onlyFields(n, type, Set.of("type", "id"));
          return new Ping(id(n));
        case "pong":
          StrictJson.onlyFields(n, type, Set.of("type", "id"));
          return new Pong(id(n));
        case "keyframe":
          StrictJson.onlyFields(n, type, Set.of("type", "stream"));
          return new KeyframeRequest(n.has("stream") ? streamName(n.get("stream")) : null);
        case "streams":
          {
            StrictJson.onlyFields(n, type, Set.of("type", "id", "list"));
            JsonNode arr = StrictJson.array(n, "list", MAX_STREAMS);
            List<String> list = new ArrayList<>();
            for (JsonNode s : arr) {
              String name = streamName(s);
              if (list.contains(name)) {
                throw new IllegalArgumentException("stream listed twice");
              }
              list.add(name);
            }
            if (list.isEmpty()) {
              throw new IllegalArgumentException("no stream listed");
            }
            return new SelectStreams(id(n), list);
          }
        case "info-request":
          StrictJson.onlyFields(n, type, Set.of("type", "id"));
          return new InfoRequest(id(n));
        case "info":
          StrictJson.onlyFields(n, type, Set.of("type", "id", "info"));
          return new Info(id(n), info(n.get("info")));
        case "change-password":
          StrictJson.onlyFields(n, type, Set.of("type", "id", "old", "new"));
          return new ChangePassword(
              id(n), StrictJson.text(n, "old", MAX_TEXT), StrictJson.text(n, "new", MAX_TEXT));
        case "unpair":
          {
            StrictJson.onlyFields(n, type, Set.of("type", "id", "station"));
            String st = StrictJson.text(n, "station", 64);
            if (!st.matches("[A-Z0-9-]+")) {
              throw new IllegalArgumentException("station must be a peer ID");
            }
            return new Unpair(id(n), st);
          }
        case "result":
          {
            StrictJson.onlyFields(
                n, type, Set.of("type", "id", "ok", "reason", "code", "retryAfter"));
            if (!n.path("ok").isBoolean()) {
              throw new IllegalArgumentException("ok must be a boolean");
            }
            String code = n.has("code") ? StrictJson.text(n, "code", 32) : "";
            if (!code.matches("[a-z-]*")) {
              throw new IllegalArgumentException("code must be a lower-case word");
            }
            Long retry = StrictJson.optInteger(n, "retryAfter", 1, MAX_RETRY_AFTER_MILLIS);
            return new Result(
                id(n),
                n.get("ok").booleanValue(),
                printable(n, "reason"),
                code,
                retry == null ? 0 : retry);
          }
        case "bye":
          StrictJson.onlyFields(n, type, Set.of("type", "reason"));
          return new Bye(printable(n, "reason"));
        default:
          return AuditCodec.decode(type, n);
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid control message (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String streamName(JsonNode s) {
    if (s == null || !s.isTextual() || !STREAMS.contains(s.textValue())) {
      throw new IllegalArgumentException("stream must be main or sub");
    }
    return s.textValue();
  }

  static long id(JsonNode n) {
    return StrictJson.integer(n, "id", 0, MAX_ID);
  }

  static String printable(JsonNode n, String field) {
    String s = StrictJson.text(n, field, MAX_TEXT);
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw new IllegalArgumentException(field + " has control characters");
      }
    }
    return s;
  }

  private static CameraInfo info(JsonNode o) {
    StrictJson.requireObject(o, "info");
    StrictJson.onlyFields(
        o,
        "info",
        Set.of(
            "name",
            "model",
            "streams",
            "time",
            "passwordSetAt",
            "passwordStrength",
            "failedAttempts",
            "lockouts",
            "lockedUntil",
            "pairedStations",
            "blocklistedAttempts",
            "lastBlocklistedAt",
            "failedPasswordChanges"));
    JsonNode arr = StrictJson.array(o, "streams", 8);
    List<String> streams = new ArrayList<>();
    for (JsonNode s : arr) {
      if (!s.isTextual() || s.textValue().length() > 16) {
        throw new IllegalArgumentException("stream names must be short strings");
      }
      streams.add(s.textValue());
    }
    long big = Long.MAX_VALUE / 4;
    return new CameraInfo(
        printable(o, "name"),
        printable(o, "model"),
        streams,
        StrictJson.integer(o, "time", 0, big),
        StrictJson.integer(o, "passwordSetAt", 0, big),
        printable(o, "passwordStrength"),
        StrictJson.integer(o, "failedAttempts", 0, big),
        StrictJson.integer(o, "lockouts", 0, big),
        StrictJson.integer(o, "lockedUntil", 0, big),
        (int) StrictJson.integer(o, "pairedStations", 0, 1 << 20),
        StrictJson.integer(o, "blocklistedAttempts", 0, big),
        StrictJson.integer(o, "lastBlocklistedAt", 0, big),
        // Optional: cameras older than this fact did not send it.
        Optional.ofNullable(StrictJson.optInteger(o, "failedPasswordChanges", 0, big)).orElse(0L));
  }
}
