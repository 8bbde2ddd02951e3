package io.peerwall.p2p.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The NAT lab of docs/platform-facts.md ("The test lab"), built from network namespaces and torn
 * down by {@link #close()}:
 *
 * <pre>
 *   pw-ha 10.1.0.2 ── 10.1.0.1 pw-ra 100.64.0.2 ─┐
 *                                                 ├─ br0 100.64.0.1 pw-pub (rendezvous, coturn)
 *   pw-hb 10.2.0.2 ── 10.2.0.1 pw-rb 100.64.0.3 ─┘         │ default route
 *                                                   198.18.0.1 ── 198.18.0.2 pw-inet (sink)
 * </pre>
 *
 * Routers NAT their LAN with MASQUERADE (port-restricted cone) or MASQUERADE --random-fully
 * (symmetric) and drop NEW inbound connections on their WAN side (needed for hole punching to
 * behave like a real router).
 *
 * <p>The public namespace has a default route, like any server on the Internet, into {@code
 * pw-inet}: a namespace that does not forward and so silently discards everything sent to it (what
 * the Internet does with packets to the hosts' private 10.x addresses). Without it, coturn's relay
 * {@code sendto()} towards a peer's private host candidate fails at once with ENETUNREACH, and
 * coturn 4.6 then closes the whole allocation ("udp send: Network is unreachable", "closed (2nd
 * stage) ... reason: general"), which made every relayed pair fail (decision 0013).
 *
 * <p>The lab has no link to any interface of the machine: all its addresses exist only inside these
 * namespaces. Namespace names carry a per-run suffix so that parallel or leftover runs do not
 * collide.
 */
public final class NatLab implements AutoCloseable {
  public static final String PUBLIC_IP = "100.64.0.1";
  public static final String HOST_A_IP = "10.1.0.2";
  public static final String HOST_B_IP = "10.2.0.2";

  private final String suffix;
  private final List<String> namespaces = new ArrayList<>();

  private NatLab(String suffix) {
    this.suffix = suffix;
  }

  String inet() {
    return "pw-inet-" + suffix;
  }

  public String pub() {
    return "pw-pub-" + suffix;
  }

  public String hostA() {
    return "pw-ha-" + suffix;
  }

  public String hostB() {
    return "pw-hb-" + suffix;
  }

  String routerA() {
    return "pw-ra-" + suffix;
  }

  String routerB() {
    return "pw-rb-" + suffix;
  }

  /** Why the lab cannot be built here, or null if it can. */
  public static String unavailableReason() {
    if (!Commands.isRoot()) {
      return "the NAT lab needs root (network namespaces, iptables); CI runs as root";
    }
    if (!Commands.works("ip", "netns", "list")) {
      return "'ip netns' is not available (Debian package iproute2)";
    }
    if (!Commands.works("iptables", "-V")) {
      return "iptables is not installed (Debian package iptables)";
    }
    return null;
  }

  public static NatLab create() throws IOException, InterruptedException {
    NatLab lab = new NatLab(Long.toString(ProcessHandle.current().pid() % 100000));
    try {
      lab.build();
      return lab;
    } catch (IOException | InterruptedException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  private void ns(String name) throws IOException, InterruptedException {
    Commands.quiet("ip", "netns", "del", name);
    Commands.run("ip", "netns", "add", name);
    namespaces.add(name);
    in(name, "ip", "link", "set", "lo", "up");
  }

  private static void in(String ns, String... cmd) throws IOException, InterruptedException {
    String[] full = new String[cmd.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = ns;
    System.arraycopy(cmd, 0, full, 4, cmd.length);
    Commands.run(full);
  }

  /** A veth pair with one end in each namespace (created inside the first, so no root-ns link). */
  private static void veth(String nsA, String ifA, String nsB, String ifB)
      throws IOException, InterruptedException {
    in(nsA, "ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
    in(nsA, "ip", "link", "set", ifA, "up");
    in(nsB, "ip", "link", "set", ifB, "up");
  }

  private void build() throws IOException, InterruptedException {
    for (String n : List.of(inet(), pub(), routerA(), routerB(), hostA(), hostB())) {
      ns(n);
    }
    in(pub(), "ip", "link", "add", "br0", "type", "bridge");
    in(pub(), "ip", "link", "set", "br0", "up");
    in(pub(), "ip", "addr", "add", PUBLIC_IP + "/24", "dev", "br0");
    // The rest of the Internet: a default route into a namespace that forwards nothing (no
    // ip_forward, so no ICMP either), so sends to unroutable addresses succeed and vanish.
    veth(pub(), "inet", inet(), "up0");
    in(pub(), "ip", "addr", "add", "198.18.0.1/30", "dev", "inet");
    in(inet(), "ip", "addr", "add", "198.18.0.2/30", "dev", "up0");
    in(inet(), "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
    in(pub(), "ip", "route", "add", "default", "via", "198.18.0.2");
    router(routerA(), hostA(), "100.64.0.2", "10.1.0", "pa");
    router(routerB(), hostB(), "100.64.0.3", "10.2.0", "pb");
    setNat(false);
  }

  private void router(String r, String h, String wanIp, String lan, String port)
      throws IOException, InterruptedException {
    veth(pub(), port, r, "wan");
    in(pub(), "ip", "link", "set", port, "master", "br0");
    in(r, "ip", "addr", "add", wanIp + "/24", "dev", "wan");
    veth(r, "lan", h, "eth0");
    in(r, "ip", "addr", "add", lan + ".1/24", "dev", "lan");
    in(h, "ip", "addr", "add", lan + ".2/24", "dev", "eth0");
    in(h, "ip", "route", "add", "default", "via", lan + ".1");
    in(r, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    in(
        r,
        "iptables",
        "-A",
        "INPUT",
        "-i",
        "wan",
        "-m",
        "conntrack",
        "--ctstate",
        "NEW",
        "-j",
        "DROP");
    in(
        r,
        "iptables",
        "-A",
        "FORWARD",
        "-i",
        "wan",
        "-m",
        "conntrack",
        "--ctstate",
        "NEW",
        "-j",
        "DROP");
    in(r, "iptables", "-N", "LOSS");
    in(r, "iptables", "-I", "FORWARD", "1", "-j", "LOSS");
  }

  /** Port-restricted cone NAT on both routers, or symmetric NAT ({@code --random-fully}). */
  public void setNat(boolean symmetric) throws IOException, InterruptedException {
    for (String r : List.of(routerA(), routerB())) {
      in(r, "iptables", "-t", "nat", "-F", "POSTROUTING");
      if (symmetric) {
        in(
            r,
            "iptables",
            "-t",
            "nat",
            "-A",
            "POSTROUTING",
            "-o",
            "wan",
            "-j",
            "MASQUERADE",
            "--random-fully");
      } else {
        in(r, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE");
      }
    }
  }

  /** Random loss on router A, both directions (iptables statistic; tc netem is not available). */
  public void setLoss(double probability) throws IOException, InterruptedException {
    in(routerA(), "iptables", "-F", "LOSS");
    if (probability > 0) {
      in(
          routerA(),
          "iptables",
          "-A",
          "LOSS",
          "-p",
          "udp",
          "-m",
          "statistic",
          "--mode",
          "random",
          "--probability",
          Double.toString(probability),
          "-j",
          "DROP");
    }
  }

  @Override
  public void close() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      Commands.quiet("ip", "netns", "del", namespaces.get(i));
    }
    namespaces.clear();
  }
}
