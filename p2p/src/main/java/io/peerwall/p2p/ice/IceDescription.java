package io.peerwall.p2p.ice;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.peerwall.p2p.json.StrictJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one ICE agent tells its peer: credentials and (non-trickled) candidates. Serializes with
 * Jackson ({@code StrictJson.write(desc)} or {@link #toJson()}) as
 *
 * <pre>{"ufrag":"…","pwd":"…","candidates":[{"foundation":"1","component":1,…}]}</pre>
 *
 * <p>{@link #toString()} never includes the password; don't log {@link #toJson()}.
 *
 * @param ufrag ICE username fragment, 4..256 ice-chars (RFC 8445 §5.3)
 * @param password ICE password, 22..256 ice-chars
 * @param candidates 1..{@value IceConfig#MAX_CANDIDATES} candidates
 */
@JsonPropertyOrder({"ufrag", "pwd", "candidates"})
public record IceDescription(
    @JsonProperty("ufrag") String ufrag,
    @JsonProperty("pwd") String password,
    @JsonProperty("candidates") List<IceCandidate> candidates) {

  private static final Set<String> FIELDS = Set.of("ufrag", "pwd", "candidates");

  public IceDescription {
    if (!isIceChars(ufrag, 4, 256)) {
      throw new IllegalArgumentException("ufrag must be 4..256 ice-chars");
    }
    if (!isIceChars(password, 22, 256)) {
      throw new IllegalArgumentException("pwd must be 22..256 ice-chars");
    }
    if (candidates == null || candidates.isEmpty()) {
      throw new IllegalArgumentException("at least one candidate is required");
    }
    if (candidates.size() > IceConfig.MAX_CANDIDATES) {
      throw new IllegalArgumentException("more than " + IceConfig.MAX_CANDIDATES + " candidates");
    }
    candidates = List.copyOf(candidates);
  }

  /** Strict parse of a description object. */
  public static IceDescription fromJson(JsonNode node) {
    StrictJson.requireObject(node, "ice description");
    StrictJson.onlyFields(node, "ice description", FIELDS);
    String ufrag = StrictJson.text(node, "ufrag", 256);
    String pwd = StrictJson.text(node, "pwd", 256);
    JsonNode arr = StrictJson.array(node, "candidates", IceConfig.MAX_CANDIDATES);
    List<IceCandidate> list = new ArrayList<>(arr.size());
    for (JsonNode c : arr) {
      list.add(IceCandidate.fromJson(c));
    }
    return new IceDescription(ufrag, pwd, list);
  }

  /** Strict parse of a JSON text. */
  public static IceDescription parse(String json) {
    return fromJson(StrictJson.parse(json));
  }

  /** JSON text (contains the password: for the wire, not for logs). */
  public String toJson() {
    return StrictJson.write(this);
  }

  @Override
  public String toString() {
    return "IceDescription[ufrag=" + ufrag + ", pwd=<redacted>, candidates=" + candidates + "]";
  }

  static boolean isIceChars(String s, int min, int max) {
    if (s == null || s.length() < min || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
