package io.peerwall.p2p.pairing;

import io.peerwall.p2p.sitekey.SiteKey;
import java.util.Arrays;

/**
 * Reuse tags (docs/protocol.md, "Reuse tags"): Argon2id of the password with the site's salt and
 * settings, then HMAC under the site key, cut to 24 bits. The same password gives the same tag on
 * every camera holding the site key; nothing a station holds can compute one.
 */
final class ReuseTags {
  private ReuseTags() {}

  /** The tag of {@code password} under {@code site} (one Argon2id run at the site's settings). */
  static String tag(SiteKey site, char[] password) {
    byte[] stretched = stretchSettings(site).stretch(password, site.salt());
    try {
      return site.reuseTag(stretched);
    } finally {
      Arrays.fill(stretched, (byte) 0);
    }
  }

  /**
   * The site's Argon2id settings, within the bounds a camera accepts from a peer ({@link
   * Argon2Params}: 8..256 MiB, 1..10 passes, 1..4 lanes).
   *
   * @throws IllegalArgumentException if they are out of those bounds
   */
  static Argon2Params stretchSettings(SiteKey site) {
    return new Argon2Params(site.argonMemoryKiB(), site.argonIterations(), site.argonParallelism());
  }
}
