package io.peerwall.station.pairing;

import io.peerwall.p2p.pairing.PasswordPolicy;
import java.util.Arrays;
import java.util.List;

/**
 * The strength meter's reading from the shared password checks ({@link PasswordPolicy}: the
 * blocklist first, then zxcvbn with the context words), the same rules a camera applies when its
 * password is set. Only the verdict is kept; the reasons are turned into the interface's own words.
 */
public final class SharedPasswordStrength {
  private SharedPasswordStrength() {}

  public static PasswordStrength measure(String password, List<String> context) {
    if (password == null || password.isEmpty()) {
      return new PasswordStrength(0, false, "strength.reason.empty");
    }
    char[] chars = password.toCharArray();
    try {
      PasswordPolicy.Verdict v = PasswordPolicy.check(chars, context);
      String reason =
          switch (v.verdict()) {
            case "blocklisted" -> "strength.reason.blocklisted";
            case "too-short" -> "strength.reason.short";
            case "too-long" -> "strength.reason.long";
            case "weak", "fair" -> "strength.reason.guessable";
            default -> null;
          };
      return new PasswordStrength(v.score(), "blocklisted".equals(v.verdict()), reason);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }
}
