package io.peerwall.p2p.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.blocklist.BlocklistMatch;
import io.peerwall.p2p.blocklist.BlocklistSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password facts the audit needs and the verifier cannot give ({@code password-facts.json},
 * owner-only, replaced atomically): strength and length when the password was set, its reuse tag,
 * the result of trying the factory lists against a verifier this agent did not set, and the list of
 * the last blocklisted password someone tried to set. Never a password.
 *
 * <p>Set-time facts name the verifier they describe by a fingerprint (SHA-256 of its salt and
 * value): facts of another verifier (the file is missing, or an older agent or a crash replaced the
 * verifier after them) are not shown as this one's; such a verifier reads as "legacy". Kept in its
 * own file, beside {@code pairing.json}, so that an older agent that rewrites {@code pairing.json}
 * leaves facts that no longer match rather than facts that lie.
 *
 * <p>Thread-safe; a {@code null} path keeps the facts in memory (tests, demo cameras). A damaged
 * file is logged and read as empty: the facts are for the audit, the camera works without them.
 */
public final class PasswordFactsStore {
  public static final String FILE = "password-facts.json";
  private static final Logger LOG = LoggerFactory.getLogger(PasswordFactsStore.class);

  /** What was known when the current password was set by this agent. */
  record SetFacts(String verifier, int score, int length, String tagKeyId, String tag) {}

  /** The factory-list scan of a verifier set elsewhere: {@code match} null means none found. */
  record ScanResult(String verifier, String candidates, BlocklistMatch match, long atMillis) {}

  /** The last refused attempt to set a blocklisted password. */
  record Refused(BlocklistMatch match, long atMillis) {}

  /** Site key exports: how many, and the last one's recipient, requester and time. */
  record Exports(long count, String lastTo, String lastBy, long lastAtMillis) {}

  private final Path file;
  private SetFacts set;
  private ScanResult scan;
  private Refused lastRefused;
  private Exports exports;

  private PasswordFactsStore(Path file) {
    this.file = file;
  }

  static PasswordFactsStore inMemory() {
    return new PasswordFactsStore(null);
  }

  static PasswordFactsStore open(Path dir) {
    PasswordFactsStore s = new PasswordFactsStore(dir.resolve(FILE));
    if (Files.exists(s.file)) {
      try {
        s.load(JsonFiles.read(s.file));
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} is unreadable ({}); password facts start empty", s.file, e.getMessage());
        s.set = null;
        s.scan = null;
        s.lastRefused = null;
        s.exports = null;
      }
    }
    return s;
  }

  /** Names a verifier: base64 of the first 16 bytes of SHA-256(salt ‖ verifier). */
  static String fingerprint(PasswordVerifier v) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(v.salt());
      d.update(v.verifier().toByteArray());
      return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(d.digest(), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Names a candidate list, so a longer list (a newer agent) scans again. */
  static String digest(List<String> candidates) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String c : candidates) {
        d.update(c.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
      }
      return Base64.getEncoder().withoutPadding().encodeToString(Arrays.copyOf(d.digest(), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized SetFacts set() {
    return set;
  }

  synchronized ScanResult scan() {
    return scan;
  }

  synchronized Refused lastRefused() {
    return lastRefused;
  }

  synchronized Exports exports() {
    return exports;
  }

  synchronized void recordExport(String to, String by, long atMillis) {
    exports = new Exports(exports == null ? 1 : exports.count() + 1, to, by, atMillis);
    saveUnchecked();
  }

  synchronized void recordSet(SetFacts facts) {
    set = facts;
    scan = null;
    saveUnchecked();
  }

  synchronized void recordScan(ScanResult result) {
    scan = result;
    saveUnchecked();
  }

  /** Kept even if it cannot be stored: the refusal matters more than the audit line. */
  synchronized void recordRefused(Refused r) {
    lastRefused = r;
    try {
      save();
    } catch (IOException e) {
      LOG.warn("could not store the refused-password fact: {}", e.getMessage());
    }
  }

  private void saveUnchecked() {
    try {
      save();
    } catch (IOException e) {
      throw new UncheckedIOException("could not store the password facts", e);
    }
  }

  private void save() throws IOException {
    if (file == null) {
      return;
    }
    ObjectNode root = JsonFiles.MAPPER.createObjectNode();
    root.put("version", 1);
    if (set != null) {
      ObjectNode n = root.putObject("set");
      n.put("verifier", set.verifier());
      n.put("score", set.score());
      n.put("length", set.length());
      if (set.tag() != null) {
        n.put("tagKeyId", set.tagKeyId());
        n.put("tag", set.tag());
      }
    }
    if (scan != null) {
      ObjectNode n = root.putObject("scan");
      n.put("verifier", scan.verifier());
      n.put("candidates", scan.candidates());
      n.put("at", scan.atMillis());
      putMatch(n, scan.match());
    }
    if (exports != null) {
      ObjectNode n = root.putObject("siteKeyExports");
      n.put("count", exports.count());
      n.put("lastTo", exports.lastTo());
      n.put("lastBy", exports.lastBy());
      n.put("lastAt", exports.lastAtMillis());
    }
    if (lastRefused != null) {
      ObjectNode n = root.putObject("lastRefused");
      n.put("at", lastRefused.atMillis());
      putMatch(n, lastRefused.match());
    }
    JsonFiles.write(file, root);
  }

  private static void putMatch(ObjectNode n, BlocklistMatch m) {
    if (m != null) {
      n.put("list", m.list().id());
      if (m.vendor() != null) {
        n.put("vendor", m.vendor());
      }
      n.put("cameraVendor", m.cameraVendor());
    }
  }

  private static BlocklistMatch match(JsonNode n) {
    if (!n.hasNonNull("list")) {
      return null;
    }
    BlocklistSource list = BlocklistSource.fromId(n.get("list").asText());
    if (list == null) {
      throw new IllegalArgumentException("unknown list " + n.get("list").asText());
    }
    return new BlocklistMatch(
        list,
        n.hasNonNull("vendor") ? n.get("vendor").asText() : null,
        n.path("cameraVendor").asBoolean());
  }

  private void load(JsonNode root) {
    JsonNode s = root.get("set");
    if (s != null && s.isObject()) {
      set =
          new SetFacts(
              s.get("verifier").asText(),
              s.get("score").asInt(),
              s.get("length").asInt(),
              s.hasNonNull("tag") ? s.get("tagKeyId").asText() : null,
              s.hasNonNull("tag") ? s.get("tag").asText() : null);
    }
    JsonNode sc = root.get("scan");
    if (sc != null && sc.isObject()) {
      scan =
          new ScanResult(
              sc.get("verifier").asText(),
              sc.get("candidates").asText(),
              match(sc),
              sc.get("at").asLong());
    }
    JsonNode x = root.get("siteKeyExports");
    if (x != null && x.isObject()) {
      exports =
          new Exports(
              x.get("count").asLong(),
              x.get("lastTo").asText(),
              x.get("lastBy").asText(),
              x.get("lastAt").asLong());
    }
    JsonNode r = root.get("lastRefused");
    if (r != null && r.isObject()) {
      BlocklistMatch m = match(r);
      if (m != null) {
        lastRefused = new Refused(m, r.get("at").asLong());
      }
    }
  }
}
