package io.peerwall.p2p.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Set;

/**
 * Bounded, strict JSON for everything that crosses the wire: one shared {@link ObjectMapper} with
 * tight read constraints (nesting depth, string and number lengths), duplicate keys rejected,
 * trailing tokens rejected; plus small helpers that read a field of an exact JSON type or fail with
 * a {@link IllegalArgumentException} naming the field. No coercion ("12" is not a number).
 */
public final class StrictJson {
  public static final int MAX_DEPTH = 8;
  public static final int MAX_STRING = 4096;

  private static final ObjectMapper MAPPER = createMapper();

  private StrictJson() {}

  private static ObjectMapper createMapper() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(24)
                    .maxNameLength(64)
                    .maxDocumentLength(1L << 20)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    ObjectMapper m = new ObjectMapper(factory);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    m.disable(JsonParser.Feature.ALLOW_COMMENTS);
    return m;
  }

  /** The shared mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses one JSON document; any syntax problem or limit breach is an IllegalArgumentException.
   */
  public static JsonNode parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + firstLine(e.getOriginalMessage()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getClass().getSimpleName());
    }
  }

  /** Serializes with the shared mapper. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  public static void requireObject(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object");
    }
  }

  /** Rejects any field not in {@code allowed}. */
  public static void onlyFields(JsonNode node, String what, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(what + " has unknown field '" + clip(name) + "'");
      }
    }
  }

  public static String text(JsonNode node, String field, int maxLen) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string");
    }
    String s = v.textValue();
    if (s.length() > maxLen) {
      throw new IllegalArgumentException("field '" + field + "' longer than " + maxLen);
    }
    return s;
  }

  /** Optional string: absent or null gives {@code null}. */
  public static String optText(JsonNode node, String field, int maxLen) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return text(node, field, maxLen);
  }

  public static long integer(JsonNode node, String field, long min, long max) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' must be an integer");
    }
    long x = v.longValue();
    if (x < min || x > max) {
      throw new IllegalArgumentException(
          "field '" + field + "' out of range [" + min + "," + max + "]");
    }
    return x;
  }

  /** Optional integer: absent or null gives {@code null}. */
  public static Long optInteger(JsonNode node, String field, long min, long max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return integer(node, field, min, max);
  }

  public static JsonNode array(JsonNode node, String field, int maxSize) {
    JsonNode v = node.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException("field '" + field + "' must be an array");
    }
    if (v.size() > maxSize) {
      throw new IllegalArgumentException(
          "field '" + field + "' has more than " + maxSize + " items");
    }
    return v;
  }

  /** Shortens attacker-controlled text before it goes into an error message or a log line. */
  public static String clip(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 40; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    if (s.length() > 40) {
      b.append("...");
    }
    return b.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "parse error";
    }
    int nl = s.indexOf('\n');
    return clip(nl >= 0 ? s.substring(0, nl) : s);
  }
}
