package io.peerwall.recorder.custody;

/** Who does something at this station, for the export log, locks and bookmarks: the OS user. */
public final class Operator {
  private Operator() {}

  /** The OS user running PeerWall ({@code user.name}), or "unknown" when the JVM has none. */
  public static String current() {
    String user = System.getProperty("user.name");
    return user == null || user.isBlank() ? "unknown" : user;
  }

  /** Checks a given operator name: not blank, one line, at most 200 characters. */
  static String check(String who) {
    if (who == null || who.isBlank()) {
      throw new IllegalArgumentException("who does it must be given (the OS user)");
    }
    if (who.length() > 200 || who.lines().count() > 1) {
      throw new IllegalArgumentException("a user name is one line of at most 200 characters");
    }
    return who.strip();
  }
}
