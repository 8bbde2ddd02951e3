package io.peerwall.station.rendezvous;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The IDs a rendezvous hands TURN credentials to ({@code --allow-file}): one camera or station ID a
 * line, blank lines and {@code #} comments ignored. Every ID is checked (a typo is refused with its
 * line number, not silently left out), at most 10 000 of them.
 */
final class AllowList {
  private static final int MAX_IDS = 10_000;
  private static final long MAX_BYTES = 1 << 20;

  private AllowList() {}

  static Set<String> read(Path file) {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new UserFacingException(
            ExitCode.USAGE, "allow file " + file + " is larger than 1 MiB; is it the right file?");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.USAGE, "cannot read the allow file " + file + " (" + e.getMessage() + ")", e);
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String id = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (id.isEmpty()) {
        continue;
      }
      try {
        ids.add(PeerId.parse(id));
      } catch (IllegalArgumentException e) {
        throw new UserFacingException(
            ExitCode.USAGE, "allow file " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
      if (ids.size() > MAX_IDS) {
        throw new UserFacingException(
            ExitCode.USAGE, "allow file " + file + " lists more than " + MAX_IDS + " IDs");
      }
    }
    return Set.copyOf(ids);
  }
}
