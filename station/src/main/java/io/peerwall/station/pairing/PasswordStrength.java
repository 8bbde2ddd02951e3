package io.peerwall.station.pairing;

/**
 * A password's strength for the meter: a score 0 (trivial) to 4 (strong), and why.
 *
 * @param score 0..4, zxcvbn's scale
 * @param blocklisted a known default or leaked password (e.g. Mirai's list): always score 0
 * @param reason a key of the interface's texts ("strength.reason.short"...), or null
 */
public record PasswordStrength(int score, boolean blocklisted, String reason) {
  public PasswordStrength {
    score = Math.max(0, Math.min(4, score));
  }

  /** Strong enough to pair with: score 3 or more and not blocklisted. */
  public boolean acceptable() {
    return score >= 3 && !blocklisted;
  }
}
