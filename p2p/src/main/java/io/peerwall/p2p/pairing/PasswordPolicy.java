package io.peerwall.p2p.pairing;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.peerwall.p2p.blocklist.Blocklist;
import io.peerwall.p2p.blocklist.BlocklistMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses weak camera passwords where they are set (NIST SP 800-63B: length, blocklist, no
 * composition rules). Order matters: the blocklist first ({@link Blocklist}: the Mirai list, the
 * public vendor-default lists and a common list, compared case- and space-insensitively), because
 * zxcvbn rates some factory defaults "good" (Mirai's {@code xmhdipc} scores 2), and the verdict
 * then names the list for the audit; then zxcvbn with the camera's context words (its name, ID,
 * site), so "FrontDoor2024" for the front door camera scores as weak as it is.
 */
public final class PasswordPolicy {
  /** Shortest password accepted. */
  public static final int MIN_LENGTH = 12;

  /** Longest password accepted (bounds Argon2 input and the control message). */
  public static final int MAX_LENGTH = 256;

  /** zxcvbn score (0..4) a password must reach. */
  public static final int MIN_SCORE = 3;

  private static final Zxcvbn ZXCVBN = new Zxcvbn();

  /**
   * The verdict on a password.
   *
   * @param acceptable whether the camera takes it
   * @param score zxcvbn score 0..4 (0 for blocklisted)
   * @param verdict one word for the audit table: blocklisted, too-short, weak, fair, strong
   * @param reasons what is wrong, in plain words (empty when acceptable)
   * @param blocklistMatch the list the password is on, or null
   * @param length the password's length in code points (what the audit shows as "length")
   */
  public record Verdict(
      boolean acceptable,
      int score,
      String verdict,
      List<String> reasons,
      BlocklistMatch blocklistMatch,
      int length) {
    /** The verdict word of a factory/blocklisted password. */
    public static final String BLOCKLISTED = "blocklisted";

    /** Whether the password is on the factory-default blocklist. */
    public boolean blocklisted() {
      return BLOCKLISTED.equals(verdict);
    }
  }

  private PasswordPolicy() {}

  public static Verdict check(char[] password, List<String> contextWords) {
    String pw = new String(password);
    int length = pw.codePointCount(0, pw.length());
    List<String> reasons = new ArrayList<>();
    Optional<BlocklistMatch> listed = Blocklist.standard().match(password);
    if (listed.isPresent()) {
      reasons.add("it is a published default password (" + listed.get().label() + ")");
      return new Verdict(false, 0, Verdict.BLOCKLISTED, reasons, listed.get(), length);
    }
    if (pw.length() > MAX_LENGTH) {
      reasons.add("it is longer than " + MAX_LENGTH + " characters");
      return new Verdict(false, 0, "too-long", reasons, null, length);
    }
    if (length < MIN_LENGTH) {
      reasons.add("it is shorter than " + MIN_LENGTH + " characters");
      return new Verdict(false, 0, "too-short", reasons, null, length);
    }
    Strength s = ZXCVBN.measure(pw, contextWords);
    int score = s.getScore();
    if (score < MIN_SCORE) {
      String warning = s.getFeedback().getWarning();
      reasons.add(
          warning == null || warning.isBlank() ? "it is easy to guess" : warning.toLowerCase());
      reasons.addAll(s.getFeedback().getSuggestions());
      return new Verdict(false, score, score <= 1 ? "weak" : "fair", reasons, null, length);
    }
    return new Verdict(true, score, "strong", List.of(), null, length);
  }

  /**
   * zxcvbn's verdict alone, without the blocklist or the length rule: what an agent from before
   * them recorded (the {@link CameraCredentials.PolicyOverride#WRITE_AS_OLDER_AGENT} test seam).
   */
  static Verdict strengthOnly(char[] password, List<String> contextWords) {
    String pw = new String(password);
    int score = ZXCVBN.measure(pw, contextWords).getScore();
    String word = score >= MIN_SCORE ? "strong" : score <= 1 ? "weak" : "fair";
    return new Verdict(true, score, word, List.of(), null, pw.codePointCount(0, pw.length()));
  }
}
