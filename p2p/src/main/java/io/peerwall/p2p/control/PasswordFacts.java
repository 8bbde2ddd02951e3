package io.peerwall.p2p.control;

import io.peerwall.p2p.blocklist.BlocklistSource;

/**
 * A camera's password facts for the station's audit ({@code password-facts}, docs/protocol.md):
 * never the password, only what was known when it was set, which published list it (or a refused
 * attempt) is on, and its reuse tag. A field a camera could not know is null (older or legacy
 * verifiers, no site key); tokens are kept as sent, so a newer camera's new word still reads.
 *
 * @param password the current password, or null when none is set
 * @param listed the list the current password is on (found by trying the lists against a legacy
 *     verifier), or null
 * @param lastRefused the list of the last published default someone tried to set (refused), or null
 * @param reuse the reuse tag state
 */
public record PasswordFacts(Password password, Listing listed, Listing lastRefused, Reuse reuse) {

  /**
   * @param setAtMillis when it was set (epoch ms)
   * @param origin "checked" (through the policy: score and length known) or "legacy" (written by an
   *     older agent or a factory image)
   * @param score zxcvbn score 0..4 when set, null when unknown
   * @param length length in code points when set, null when unknown
   * @param scan whether a legacy verifier was tried against the factory lists: "not-needed",
   *     "pending", "clean", "found"
   */
  public record Password(
      long setAtMillis, String origin, Integer score, Integer length, String scan) {}

  /**
   * @param list the list's id ("mirai", "seclists", "defaultcreds", "common")
   * @param vendor whose default it is, or null
   * @param atMillis when it was found or tried
   */
  public record Listing(String list, String vendor, long atMillis) {
    /**
     * "Mirai botnet default", "SecLists vendor default (Hikvision)"; the id for an unknown list.
     */
    public String label() {
      BlocklistSource s = BlocklistSource.fromId(list);
      String name = s == null ? list : s.label();
      return vendor == null ? name : name + " (" + vendor + ")";
    }
  }

  /**
   * @param state "tagged", "pending" (a site key, but the password predates it: tagged at the next
   *     change) or "no-site-key"
   * @param siteKeyId the site key the camera holds (16 hex), or null; tags compare only between
   *     cameras showing the same id
   * @param tag 6 hex characters when tagged, else null
   * @param exports how many times this camera sealed the site key to another camera
   * @param lastExportTo the camera ID it last sealed the key to, or null
   */
  public record Reuse(
      String state, String siteKeyId, String tag, long exports, String lastExportTo) {}
}
