package io.peerwall.p2p.pairing;

import io.peerwall.p2p.blocklist.BlocklistMatch;

/**
 * A camera's password facts for the audit, as of now (the control channel's {@code
 * password-facts}): never the password, only what was known when it was set, its reuse tag, and
 * which published list it (or a refused attempt) is on.
 *
 * @param setAtMillis when the current password was set (0 = no password)
 * @param origin how the current verifier came to be
 * @param score zxcvbn score when set (-1 when unknown: {@link Origin#LEGACY})
 * @param length length in code points when set (-1 when unknown)
 * @param scan the factory-list scan of a legacy verifier
 * @param listed the list the current password was found on (legacy scan), or null
 * @param listedAtMillis when it was found (0 = not found)
 * @param lastRefused the list of the last blocklisted password someone tried to set, or null
 * @param lastRefusedAtMillis when (0 = never)
 * @param siteKeyId the site key this camera holds, or null
 * @param reuse whether the current password has a reuse tag
 * @param reuseTag 6 hex characters when {@code reuse} is {@link Reuse#TAGGED}, else null
 * @param siteKeyExports how many times this camera sealed its site key to another camera
 * @param lastExportTo the camera ID it last sealed the key to, or null
 */
public record PasswordAuditFacts(
    long setAtMillis,
    Origin origin,
    int score,
    int length,
    Scan scan,
    BlocklistMatch listed,
    long listedAtMillis,
    BlocklistMatch lastRefused,
    long lastRefusedAtMillis,
    String siteKeyId,
    Reuse reuse,
    String reuseTag,
    long siteKeyExports,
    String lastExportTo) {

  /** How the current verifier came to be. */
  public enum Origin {
    /** No password is set. */
    UNSET("unset"),
    /** Set through the policy by this agent: strength and length are known. */
    CHECKED("checked"),
    /** Written by an older agent (or a factory image): nothing but the verifier is known. */
    LEGACY("legacy");

    private final String wire;

    Origin(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Whether a legacy verifier was tried against the factory lists. */
  public enum Scan {
    /** The password went through the blocklist when it was set. */
    NOT_NEEDED("not-needed"),
    /** Not tried yet (the camera agent tries it in the background after start). */
    PENDING("pending"),
    /** Tried: none of the listed factory passwords. */
    CLEAN("clean"),
    /** Tried: it is one of them ({@link PasswordAuditFacts#listed}). */
    FOUND("found");

    private final String wire;

    Scan(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Whether the current password has a reuse tag. */
  public enum Reuse {
    /** Tagged under the camera's site key. */
    TAGGED("tagged"),
    /**
     * The camera has a site key but the password was set before it arrived (or before the key was
     * replaced): it is tagged at the next password change.
     */
    PENDING("pending"),
    /** The camera has no site key yet. */
    NO_SITE_KEY("no-site-key");

    private final String wire;

    Reuse(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }
}
