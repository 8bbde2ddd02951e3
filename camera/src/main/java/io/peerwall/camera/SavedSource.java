package io.peerwall.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.decoder.Redaction;
import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The camera's saved source ({@code source.json}): what {@code camera serve} serves when no {@code
 * --source} is given, so that a restart (systemd) needs no secret on its command line.
 *
 * <p>A spec whose redacted form differs from itself (RTSP user info, or password/user parameters as
 * some cameras take them) is stored sealed: AES-256-GCM under a key derived (HKDF) from the
 * camera's identity key, with the redacted form beside it as associated data, so the file shows
 * which camera it is without the credentials, and an edit of either part fails authentication.
 * Specs without a secret are stored as they are. See docs/decisions/0032 for what this protects and
 * what it does not. Written atomically, owner-only, like the other state files.
 */
public final class SavedSource {
  public static final String FILE = "source.json";
  private static final String KDF_PURPOSE = "camera-source-v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MAX_SPEC = 2048;
  private static final long MAX_BYTES = 64 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The saved specs (with their secrets: never log this); {@code sub} may be null. */
  public record Specs(String main, String sub) {
    @Override
    public String toString() {
      return "Specs[" + Redaction.redact(main) + ", " + Redaction.redact(sub) + "]";
    }
  }

  /** The saved source cannot be used: damaged file, or sealed under another key or altered. */
  public static final class UnreadableException extends IOException {
    public UnreadableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private SavedSource() {}

  /** Whether a source is saved in {@code dir}. */
  public static boolean exists(Path dir) {
    return Files.exists(dir.resolve(FILE));
  }

  /**
   * Saves {@code main} (and {@code sub}, may be null) atomically, replacing what was saved.
   *
   * @throws IOException naming the file; the previous file is kept
   */
  public static void save(Path dir, Identity identity, Specs specs) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    byte[] key = identity.deriveSecret(KDF_PURPOSE, 32);
    try {
      root.set("main", entry("main", specs.main(), key));
      if (specs.sub() != null) {
        root.set("sub", entry("sub", specs.sub(), key));
      }
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    Path file = dir.resolve(FILE);
    try {
      Identity.writeOwnerOnly(
          file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      Files.deleteIfExists(file.resolveSibling(FILE + ".tmp"));
      throw new IOException(
          "cannot write " + file + " (" + e.getMessage() + "); the previous source is kept", e);
    }
  }

  /**
   * Reads and unseals the saved source; {@code null} if none is saved.
   *
   * @throws UnreadableException when the file is damaged or cannot be unsealed
   */
  public static Specs load(Path dir, Identity identity) throws IOException {
    Path file = dir.resolve(FILE);
    JsonNode root = read(file);
    if (root == null) {
      return null;
    }
    byte[] key = identity.deriveSecret(KDF_PURPOSE, 32);
    try {
      String main = open(file, "main", root.get("main"), key);
      if (main == null) {
        throw damaged(file, "no main source", null);
      }
      return new Specs(main, open(file, "sub", root.get("sub"), key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The saved specs as they may be shown (credentials masked), without unsealing anything. */
  public static Specs shown(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    JsonNode root = read(file);
    if (root == null) {
      return null;
    }
    String main = shownOf(file, "main", root.get("main"));
    if (main == null) {
      throw damaged(file, "no main source", null);
    }
    return new Specs(main, shownOf(file, "sub", root.get("sub")));
  }

  /** Removes the saved source; true if there was one. */
  public static boolean clear(Path dir) throws IOException {
    return Files.deleteIfExists(dir.resolve(FILE));
  }

  private static JsonNode read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    if (Files.size(file) > MAX_BYTES) {
      throw damaged(file, "larger than 64 KiB", null);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw damaged(file, "not JSON", e);
    }
    if (root == null || !root.isObject() || root.path("version").asInt() != 1) {
      throw damaged(file, "not a version 1 source file", null);
    }
    return root;
  }

  private static ObjectNode entry(String role, String spec, byte[] key) throws IOException {
    if (spec == null || spec.isBlank() || spec.length() > MAX_SPEC) {
      throw new IllegalArgumentException(role + " source must be 1 to " + MAX_SPEC + " characters");
    }
    ObjectNode n = MAPPER.createObjectNode();
    String shown = Redaction.redact(spec);
    n.put("shown", shown);
    if (shown.equals(spec)) {
      n.put("spec", spec); // nothing secret in it
      return n;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] plain = spec.getBytes(StandardCharsets.UTF_8);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, key, nonce, role, shown);
      n.put("alg", "AES-256-GCM");
      n.put("nonce", Base64.getEncoder().encodeToString(nonce));
      n.put("sealed", Base64.getEncoder().encodeToString(c.doFinal(plain)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot seal the source (" + e.getMessage() + ")", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    return n;
  }

  private static String open(Path file, String role, JsonNode n, byte[] key) throws IOException {
    String shown = shownOf(file, role, n);
    if (shown == null) {
      return null;
    }
    if (n.has("spec")) {
      return n.get("spec").asText();
    }
    byte[] nonce;
    byte[] sealed;
    try {
      nonce = Base64.getDecoder().decode(n.path("nonce").asText());
      sealed = Base64.getDecoder().decode(n.path("sealed").asText());
    } catch (IllegalArgumentException e) {
      throw damaged(file, role + " source: bad base64", e);
    }
    if (!"AES-256-GCM".equals(n.path("alg").asText()) || nonce.length != NONCE_BYTES) {
      throw damaged(file, role + " source: unknown sealing", null);
    }
    byte[] plain = null;
    try {
      plain = cipher(Cipher.DECRYPT_MODE, key, nonce, role, shown).doFinal(sealed);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(plain))
          .toString();
    } catch (AEADBadTagException e) {
      throw new UnreadableException(
          file
              + ": the "
              + role
              + " source's credentials cannot be decrypted (the file was altered, or it belongs"
              + " to another camera identity); set the source again with: camera source set",
          e);
    } catch (GeneralSecurityException | CharacterCodingException e) {
      throw damaged(file, role + " source cannot be unsealed (" + e.getMessage() + ")", e);
    } finally {
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private static String shownOf(Path file, String role, JsonNode n) throws IOException {
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject() || !n.path("shown").isTextual()) {
      throw damaged(file, role + " source has no 'shown' text", null);
    }
    if (n.has("spec") && !n.get("spec").isTextual()) {
      throw damaged(file, role + " source: 'spec' is not text", null);
    }
    return n.get("shown").asText();
  }

  // The role and the shown (redacted) spec are authenticated with the secret: moving the sealed
  // credentials to another host or from sub to main fails instead of sending them elsewhere.
  private static Cipher cipher(int mode, byte[] key, byte[] nonce, String role, String shown)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(("peerwall-source-v1\n" + role + "\n" + shown).getBytes(StandardCharsets.UTF_8));
    return c;
  }

  private static UnreadableException damaged(Path file, String what, Throwable cause) {
    return new UnreadableException(
        file
            + " is damaged ("
            + what
            + "); set the source again with: camera source set, or remove it with: camera"
            + " source clear",
        cause);
  }
}
