package io.peerwall.p2p.pairing;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses weak camera passwords where they are set (NIST SP 800-63B: length, blocklist, no
 * composition rules). Order matters: the blocklist first, because zxcvbn rates some factory
 * defaults "good" (Mirai's {@code xmhdipc} scores 2), then zxcvbn with the camera's context words
 * (its name, ID, site), so "FrontDoor2024" for the front door camera scores as weak as it is.
 */
public final class PasswordPolicy {
  /** Shortest password accepted. */
  public static final int MIN_LENGTH = 12;

  /** Longest password accepted (bounds Argon2 input and the control message). */
  public static final int MAX_LENGTH = 256;

  /** zxcvbn score (0..4) a password must reach. */
  public static final int MIN_SCORE = 3;

  /** The Mirai botnet's credential list and other factory defaults (lower case). */
  static final Set<String> BLOCKLIST =
      Set.of(
          "xc3511",
          "vizxv",
          "admin",
          "888888",
          "xmhdipc",
          "default",
          "juantech",
          "123456",
          "54321",
          "support",
          "password",
          "root",
          "12345",
          "user",
          "pass",
          "admin1234",
          "1111",
          "smcadmin",
          "666666",
          "1234",
          "klv123",
          "administrator",
          "service",
          "supervisor",
          "guest",
          "admin1",
          "ubnt",
          "klv1234",
          "zte521",
          "hi3518",
          "jvbzd",
          "anko",
          "zlxx.",
          "7ujmko0vizxv",
          "7ujmko0admin",
          "system",
          "ikwb",
          "dreambox",
          "realtek",
          "00000000",
          "1111111",
          "meinsm",
          "tech",
          "fucker",
          "camera",
          "ipcam",
          "hikvision",
          "dahua",
          "admin123",
          "password1",
          "password123",
          "1234567890",
          "123456789",
          "12345678",
          "qwertyuiop",
          "changeme",
          "letmein123",
          "0123456789",
          "admin12345",
          "adminadmin");

  private static final Zxcvbn ZXCVBN = new Zxcvbn();

  /**
   * The verdict on a password.
   *
   * @param acceptable whether the camera takes it
   * @param score zxcvbn score 0..4 (0 for blocklisted)
   * @param verdict one word for the audit table: blocklisted, too-short, weak, fair, strong
   * @param reasons what is wrong, in plain words (empty when acceptable)
   */
  public record Verdict(boolean acceptable, int score, String verdict, List<String> reasons) {
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
    List<String> reasons = new ArrayList<>();
    String lower = pw.toLowerCase(Locale.ROOT);
    if (BLOCKLIST.contains(lower) || BLOCKLIST.contains(lower.strip())) {
      reasons.add("it is a factory-default or botnet-listed password");
      return new Verdict(false, 0, Verdict.BLOCKLISTED, reasons);
    }
    if (pw.length() > MAX_LENGTH) {
      reasons.add("it is longer than " + MAX_LENGTH + " characters");
      return new Verdict(false, 0, "too-long", reasons);
    }
    if (pw.codePointCount(0, pw.length()) < MIN_LENGTH) {
      reasons.add("it is shorter than " + MIN_LENGTH + " characters");
      return new Verdict(false, 0, "too-short", reasons);
    }
    Strength s = ZXCVBN.measure(pw, contextWords);
    int score = s.getScore();
    if (score < MIN_SCORE) {
      String warning = s.getFeedback().getWarning();
      reasons.add(
          warning == null || warning.isBlank() ? "it is easy to guess" : warning.toLowerCase());
      reasons.addAll(s.getFeedback().getSuggestions());
      return new Verdict(false, score, score <= 1 ? "weak" : "fair", reasons);
    }
    return new Verdict(true, score, "strong", List.of());
  }
}
