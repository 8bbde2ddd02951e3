package io.peerwall.p2p.testutil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Ethernet segment of network namespaces, made and removed by a test: a hub namespace with a
 * bridge, and members with {@code eth0} at 10.77.0.1, .2, ... /24. Nothing is linked to any
 * interface of the machine; names carry the process ID so parallel runs do not collide. Needs root
 * and iproute2 (CI has both).
 */
public final class NetnsSegment implements AutoCloseable {
  private final String suffix = Long.toString(ProcessHandle.current().pid() % 100000);
  private final List<String> made = new ArrayList<>();
  private final String hub;

  private NetnsSegment() {
    this.hub = "pwr-hub-" + suffix;
  }

  /** Why a segment cannot be built here, or null if it can. */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root; CI runs as root";
    }
    try {
      run("ip", "netns", "list");
      run("iptables", "-V");
    } catch (IOException | InterruptedException e) {
      return "iproute2 or iptables missing: " + e.getMessage();
    }
    return null;
  }

  /** A segment with {@code members} namespaces (10.77.0.1 ...). */
  public static NetnsSegment create(int members) throws IOException, InterruptedException {
    NetnsSegment s = new NetnsSegment();
    try {
      s.add(s.hub);
      s.in(s.hub, "ip", "link", "add", "br0", "type", "bridge");
      s.in(s.hub, "ip", "link", "set", "br0", "up");
      for (int i = 1; i <= members; i++) {
        String ns = s.member(i);
        s.add(ns);
        s.in(
            s.hub, "ip", "link", "add", "p" + i, "type", "veth", "peer", "name", "eth0", "netns",
            ns);
        s.in(s.hub, "ip", "link", "set", "p" + i, "master", "br0");
        s.in(s.hub, "ip", "link", "set", "p" + i, "up");
        s.in(ns, "ip", "link", "set", "eth0", "up");
        s.in(ns, "ip", "addr", "add", s.ip(i) + "/24", "dev", "eth0");
      }
      return s;
    } catch (IOException | InterruptedException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The namespace of member {@code i} (1-based). */
  public String member(int i) {
    return "pwr-" + i + "-" + suffix;
  }

  /** The first address of member {@code i}. */
  public String ip(int i) {
    return "10.77.0." + i;
  }

  private void add(String ns) throws IOException, InterruptedException {
    quiet("ip", "netns", "del", ns);
    run("ip", "netns", "add", ns);
    made.add(ns);
    in(ns, "ip", "link", "set", "lo", "up");
  }

  /** Runs a command inside namespace {@code ns}; throws with its output if it fails. */
  public String in(String ns, String... cmd) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    return run(full.toArray(new String[0]));
  }

  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", cmd));
    }
    String s = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + s.strip());
    }
    return s;
  }

  private static void quiet(String... cmd) {
    try {
      run(cmd);
    } catch (IOException e) {
      // clean-up of something that may not exist
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (int i = made.size() - 1; i >= 0; i--) {
      quiet("ip", "netns", "del", made.get(i));
    }
    made.clear();
  }
}
