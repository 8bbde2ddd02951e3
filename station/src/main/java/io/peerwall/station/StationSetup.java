package io.peerwall.station;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.StationCredentials;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

/**
 * Where the station keeps its identity and pinned cameras: {@code <config>/station/} (directory
 * 0700; {@code identity.key} and {@code cameras.json} 0600). The directory moves with {@code
 * --data-dir}. Nothing in it is a password.
 */
public final class StationSetup {
  private StationSetup() {}

  public static Path dir(AppDirs dirs) {
    return dirs.config().resolve("station");
  }

  public static StationCredentials open(AppDirs dirs) {
    try {
      return StationCredentials.open(dir(dirs), stationName());
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "cannot read or create the station identity in "
              + dir(dirs)
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** "PeerWall on HOST": what cameras list as the paired station's name. */
  public static String stationName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "this computer";
    }
    String n = "PeerWall on " + host;
    return n.length() > 100 ? n.substring(0, 100) : n;
  }
}
