package io.peerwall.p2p.sitekey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's site key at rest ({@code site-key.json}), sealed like the camera's saved source
 * credentials (decision 0032): AES-256-GCM under a key derived (HKDF) from the camera's identity
 * key, the camera ID and key id as associated data, written atomically, owner-only. This protects
 * copies of the file (a backup, another camera's directory), not the data directory as a whole:
 * whoever reads {@code identity.key} can unseal it.
 *
 * <p>A camera keeps one site key. A second one is refused ({@link #install}) rather than replacing
 * the first: a paired station could otherwise swap in a key it made itself. The owner starts over
 * with {@link #clear} (locally). A file that cannot be read or unsealed is set aside as {@code
 * site-key.json.damaged} and the camera goes on without a key (its tags read "pending" until a key
 * is imported again): a damaged optional file must not stop the camera.
 *
 * <p>Thread-safe; a {@code null} directory keeps the key in memory only (tests, demo cameras).
 */
public final class SiteKeyStore {
  public static final String FILE = "site-key.json";
  private static final Logger LOG = LoggerFactory.getLogger(SiteKeyStore.class);
  private static final String KDF_PURPOSE = "camera-site-key-v1";
  private static final int NONCE_BYTES = 12;
  private static final long MAX_BYTES = 16 * 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Why {@link #install} refused a key. */
  public static final class AlreadyHasKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    AlreadyHasKeyException(String id) {
      super("this camera already has site key " + id + "; clear it on the camera first");
    }
  }

  private final Path dir;
  private final Identity identity;
  private SiteKey key;

  private SiteKeyStore(Path dir, Identity identity) {
    this.dir = dir;
    this.identity = identity;
  }

  /** A store that keeps the key in memory only. */
  public static SiteKeyStore inMemory(Identity identity) {
    return new SiteKeyStore(null, identity);
  }

  /** Loads {@code dir/site-key.json} if there is one (a damaged one is set aside, see above). */
  public static SiteKeyStore open(Path dir, Identity identity) {
    SiteKeyStore s = new SiteKeyStore(dir, identity);
    Path file = dir.resolve(FILE);
    if (Files.exists(file)) {
      try {
        s.key = s.read(file);
      } catch (IOException | RuntimeException e) {
        s.setAside(file, e);
      }
    }
    return s;
  }

  /** The site key, or null before one was made or received. */
  public synchronized SiteKey key() {
    return key;
  }

  /**
   * Keeps {@code k} as this camera's site key (stored sealed before it is used).
   *
   * @throws AlreadyHasKeyException if the camera has another key (the same key again is fine)
   * @throws UncheckedIOException if it cannot be stored (the camera stays without a key)
   */
  public synchronized void install(SiteKey k) throws AlreadyHasKeyException {
    if (key != null) {
      if (key.equals(k)) {
        return;
      }
      throw new AlreadyHasKeyException(key.id());
    }
    if (dir != null) {
      try {
        write(k);
      } catch (IOException e) {
        throw new UncheckedIOException("could not store the site key", e);
      }
    }
    key = k;
  }

  /** Forgets the site key (owner's reset, e.g. after a camera of the site was stolen). */
  public synchronized void clear() throws IOException {
    if (dir != null) {
      Files.deleteIfExists(dir.resolve(FILE));
    }
    key = null;
  }

  private void write(SiteKey k) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    root.put("keyId", k.id());
    root.put("alg", "AES-256-GCM");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] plain = k.encode();
    byte[] sealKey = identity.deriveSecret(KDF_PURPOSE, 32);
    try {
      root.put("nonce", Base64.getEncoder().encodeToString(nonce));
      root.put(
          "sealed",
          Base64.getEncoder()
              .encodeToString(cipher(Cipher.ENCRYPT_MODE, sealKey, nonce, k.id()).doFinal(plain)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot seal the site key (" + e.getMessage() + ")", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
      Arrays.fill(sealKey, (byte) 0);
    }
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Identity.restrict(dir, true);
    }
    Identity.writeOwnerOnly(
        dir.resolve(FILE), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  private SiteKey read(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("larger than 16 KiB");
    }
    JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
    if (root == null
        || root.path("version").asInt() != 1
        || !"AES-256-GCM".equals(root.path("alg").asText())) {
      throw new IOException("not a version 1 site key file");
    }
    String id = root.path("keyId").asText();
    byte[] nonce = Base64.getDecoder().decode(root.path("nonce").asText());
    byte[] sealed = Base64.getDecoder().decode(root.path("sealed").asText());
    byte[] sealKey = identity.deriveSecret(KDF_PURPOSE, 32);
    byte[] plain = null;
    try {
      plain = cipher(Cipher.DECRYPT_MODE, sealKey, nonce, id).doFinal(sealed);
      SiteKey k = SiteKey.decode(plain);
      if (!k.id().equals(id)) {
        throw new IOException("key id does not match the key");
      }
      return k;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot be unsealed (altered, or another camera's)", e);
    } finally {
      Arrays.fill(sealKey, (byte) 0);
      if (plain != null) {
        Arrays.fill(plain, (byte) 0);
      }
    }
  }

  private void setAside(Path file, Exception why) {
    Path aside = file.resolveSibling(FILE + ".damaged");
    try {
      Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
      LOG.warn(
          "{} is unreadable ({}); set aside as {}: reuse tags are pending until the site key is"
              + " imported again",
          file,
          why.getMessage(),
          aside.getFileName());
    } catch (IOException e) {
      LOG.warn(
          "{} is unreadable ({}) and could not be set aside ({}); going on without a site key",
          file,
          why.getMessage(),
          e.getMessage());
    }
  }

  private Cipher cipher(int mode, byte[] k, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(
        ("peerwall-site-key-v1\n" + identity.id() + "\n" + keyId).getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
