package io.peerwall.p2p.testutil;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Linux only: the local addresses of this process's UDP sockets, from /proc. */
public final class UdpBindings {
  private UdpBindings() {}

  public static boolean available() {
    return Files.isReadable(Path.of("/proc/net/udp"))
        && Files.isDirectory(Path.of("/proc/self/fd"));
  }

  public static List<InetAddress> ofThisProcess() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException ignored) {
          // fd closed meanwhile
        }
      }
    }
    List<InetAddress> out = new ArrayList<>();
    for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
      Path p = Path.of(table);
      if (!Files.isReadable(p)) {
        continue;
      }
      for (String line : Files.readAllLines(p)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || f[0].equals("sl") || !inodes.contains(f[9])) {
          continue;
        }
        out.add(decode(f[1].substring(0, f[1].indexOf(':'))));
      }
    }
    return out;
  }

  /** /proc hex address: 32-bit words in host (little-endian) order. */
  private static InetAddress decode(String hex) throws IOException {
    byte[] b = new byte[hex.length() / 2];
    for (int w = 0; w < b.length / 4; w++) {
      for (int k = 0; k < 4; k++) {
        int pos = w * 8 + (3 - k) * 2;
        b[w * 4 + k] = (byte) Integer.parseInt(hex.substring(pos, pos + 2), 16);
      }
    }
    return InetAddress.getByAddress(b);
  }
}
