package io.peerwall.p2p.blocklist;

/**
 * The lists the camera's password blocklist is built from, in the order a match is named when a
 * password is on several of them (camera-vendor rows of the vendor lists come between the Mirai
 * list and the common list, see {@link Blocklist}). The files, their licences and sources are in
 * {@code src/main/resources/io/peerwall/p2p/blocklist/} (SOURCES.md there).
 */
public enum BlocklistSource {
  /** The Mirai botnet's telnet credential list (SecLists Passwords/Malware/mirai-botnet.txt). */
  MIRAI("mirai", "Mirai botnet default", "mirai-botnet.txt"),
  /** SecLists Passwords/Default-Credentials/default-passwords.csv (MIT). */
  SECLISTS("seclists", "SecLists vendor default", "seclists-default-passwords.csv"),
  /** ihebski/DefaultCreds-cheat-sheet DefaultCreds-Cheat-Sheet.csv (MIT). */
  DEFAULTCREDS("defaultcreds", "DefaultCreds vendor default", "defaultcreds-cheat-sheet.csv"),
  /** PeerWall's own short list of common camera and installer passwords. */
  COMMON("common", "common password", "common-passwords.txt");

  private final String id;
  private final String label;
  private final String resource;

  BlocklistSource(String id, String label, String resource) {
    this.id = id;
    this.label = label;
    this.resource = resource;
  }

  /** The list's name on the wire and in stored facts ("mirai", "seclists", ...). */
  public String id() {
    return id;
  }

  /** The list's name for people ("Mirai botnet default"). */
  public String label() {
    return label;
  }

  String resource() {
    return resource;
  }

  /** The list named {@code id}, or null for a name this version does not know. */
  public static BlocklistSource fromId(String id) {
    for (BlocklistSource s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    return null;
  }
}
