package io.peerwall.bench.reach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A small Internet in network namespaces, made and removed by a test or {@code bench reach}: a
 * public segment with the rendezvous and coturn, and sites, each a router with one host behind it,
 * meeting the public segment through the {@link NatType} it was given.
 *
 * <pre>
 *   site 1: host 10.1.0.2 ── 10.1.0.1 router 100.64.0.11 ─┐
 *   site 2: host 198.19.2.2 ─ 198.19.2.1 router 100.64.0.12 ─┼─ br0 100.64.0.1 (public: rendezvous,
 *   ...                                                  ─┘  coturn) ── default route: a sink
 * </pre>
 *
 * NATed sites have private LANs (10.N.0.0/24), open ones public addresses (198.19.N.0/24, the
 * benchmarking range, so paths between them are "direct", not "LAN"). Routers forward what comes
 * from their host; NATed routers drop unsolicited packets from outside, as real ones do. The public
 * namespace routes everything it cannot deliver into a namespace that discards it (what the
 * Internet does with packets to private addresses; coturn relays towards peers' private host
 * candidates otherwise fail with ENETUNREACH and close the allocation: decision 0013).
 *
 * <p>Every router counts the UDP bytes it forwards that are not STUN (first payload byte 20 or
 * more: DTLS, SRTP, TURN ChannelData) by path: to or from the public TURN address ({@code relay})
 * or any other peer ({@code direct}). Connectivity checks and TURN control messages are STUN and
 * are left out, so a cell whose media went peer to peer shows 0 relay bytes.
 *
 * <p>Nothing is linked to the machine's own interfaces. Names carry a per-run suffix.
 */
public final class NatLab implements AutoCloseable {
  /** The public machine's address unless another is asked for. */
  public static final String DEFAULT_PUBLIC_IP = "100.64.0.1";

  /** UDP payload not STUN (RFC 7983: first byte 20..255). */
  private static final String NOT_STUN = "0>>22&0x3C@8>>24=20:255";

  /** One site: a name, its NAT, and (optionally) a second site whose LAN it can move to. */
  public record SiteSpec(String name, NatType nat, String spareLanOf) {
    public static SiteSpec of(String name, NatType nat) {
      return new SiteSpec(name, nat, null);
    }
  }

  /** A built site. */
  public record Site(
      String name,
      NatType nat,
      int number,
      String host,
      String router,
      String hostIp,
      String publicPrefix) {
    /** The router's address on the public segment. */
    public String routerWanIp() {
      return publicPrefix + "." + (10 + number);
    }

    String lanPrefix() {
      return nat == NatType.OPEN ? "198.19." + number : "10." + number + ".0";
    }
  }

  /** Bytes a router forwarded by path since the counters were last zeroed. */
  public record PathBytes(long directIn, long directOut, long relayIn, long relayOut) {
    public long direct() {
      return directIn + directOut;
    }

    public long relay() {
      return relayIn + relayOut;
    }

    public PathBytes plus(PathBytes o) {
      return new PathBytes(
          directIn + o.directIn,
          directOut + o.directOut,
          relayIn + o.relayIn,
          relayOut + o.relayOut);
    }
  }

  private final String suffix;
  private final String publicIp;
  private final String publicPrefix;
  private final List<String> namespaces = new ArrayList<>();
  private final Map<String, Site> sites = new LinkedHashMap<>();
  private final List<String> bridged = new ArrayList<>();

  private NatLab(String suffix, String publicIp) {
    this.suffix = suffix;
    this.publicIp = publicIp;
    this.publicPrefix = publicIp.substring(0, publicIp.lastIndexOf('.'));
  }

  /** Why the lab cannot be built here, or null if it can. */
  public static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the NAT lab needs root (network namespaces, iptables); CI runs as root";
    }
    try {
      run("ip", "netns", "list");
    } catch (IOException e) {
      return "'ip netns' is not available (Debian package iproute2): " + e.getMessage();
    }
    try {
      run("iptables", "-V");
    } catch (IOException e) {
      return "iptables is not installed (Debian package iptables): " + e.getMessage();
    }
    return null;
  }

  /**
   * Builds the public segment and the sites.
   *
   * @param tag a short word making the namespace names unique among labs of this process
   */
  public static NatLab create(String tag, List<SiteSpec> specs) throws IOException {
    return create(tag, DEFAULT_PUBLIC_IP, specs);
  }

  /**
   * As {@link #create(String, List)} with the public machine at {@code publicIp} (a /24 around it
   * is the public segment; routers take .11, .12, ...), e.g. the README's example address.
   */
  public static NatLab create(String tag, String publicIp, List<SiteSpec> specs)
      throws IOException {
    NatLab lab = new NatLab(tag + ProcessHandle.current().pid() % 100000, publicIp);
    try {
      lab.build(specs);
      return lab;
    } catch (IOException | RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  /** The public machine's address. */
  public String publicIp() {
    return publicIp;
  }

  /** The public namespace (rendezvous, coturn). */
  public String publicNamespace() {
    return "pwl-pub-" + suffix;
  }

  public Site site(String name) {
    Site s = sites.get(name);
    if (s == null) {
      throw new IllegalArgumentException("no site " + name + " in the lab");
    }
    return s;
  }

  public List<Site> sites() {
    return List.copyOf(sites.values());
  }

  private void build(List<SiteSpec> specs) throws IOException {
    String pub = publicNamespace();
    String sink = "pwl-sink-" + suffix;
    ns(sink);
    ns(pub);
    in(pub, "ip", "link", "add", "br0", "type", "bridge");
    in(pub, "ip", "link", "set", "br0", "up");
    in(pub, "ip", "addr", "add", publicIp + "/24", "dev", "br0");
    veth(pub, "sink", sink, "up0");
    in(pub, "ip", "addr", "add", "198.18.0.1/30", "dev", "sink");
    in(sink, "ip", "addr", "add", "198.18.0.2/30", "dev", "up0");
    in(sink, "sysctl", "-q", "-w", "net.ipv4.ip_forward=0");
    in(pub, "ip", "route", "add", "default", "via", "198.18.0.2");
    int n = 0;
    for (SiteSpec spec : specs) {
      n++;
      Site s =
          new Site(
              spec.name(),
              spec.nat(),
              n,
              "pwl-h" + n + "-" + suffix,
              "pwl-r" + n + "-" + suffix,
              (spec.nat() == NatType.OPEN ? "198.19." + n : "10." + n + ".0") + ".2",
              publicPrefix);
      sites.put(spec.name(), s);
      router(s);
    }
    // Open sites are routed by everyone; private LANs by nobody (their packets vanish).
    for (Site open : sites.values()) {
      if (open.nat() != NatType.OPEN) {
        continue;
      }
      String net = open.lanPrefix() + ".0/24";
      in(pub, "ip", "route", "add", net, "via", open.routerWanIp());
      for (Site other : sites.values()) {
        if (other != open) {
          in(other.router(), "ip", "route", "add", net, "via", open.routerWanIp());
        }
      }
    }
    for (SiteSpec spec : specs) {
      if (spec.spareLanOf() != null) {
        spareLink(site(spec.name()), site(spec.spareLanOf()));
      }
    }
  }

  private void router(Site s) throws IOException {
    ns(s.router());
    ns(s.host());
    String pub = publicNamespace();
    String port = "p" + s.number();
    veth(pub, port, s.router(), "wan");
    in(pub, "ip", "link", "set", port, "master", "br0");
    in(s.router(), "ip", "addr", "add", s.routerWanIp() + "/24", "dev", "wan");
    in(s.router(), "ip", "route", "add", "default", "via", publicIp);
    veth(s.router(), "lan", s.host(), "eth0");
    in(s.router(), "ip", "addr", "add", s.lanPrefix() + ".1/24", "dev", "lan");
    in(s.host(), "ip", "addr", "add", s.hostIp() + "/24", "dev", "eth0");
    in(s.host(), "ip", "route", "add", "default", "via", s.lanPrefix() + ".1");
    in(s.router(), "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
    if (s.nat() != NatType.OPEN) {
      for (String chain : List.of("INPUT", "FORWARD")) {
        in(
            s.router(),
            "iptables",
            "-A",
            chain,
            "-i",
            "wan",
            "-m",
            "conntrack",
            "--ctstate",
            "NEW",
            "-j",
            "DROP");
      }
      List<String> masquerade =
          new ArrayList<>(
              List.of(
                  "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan", "-j", "MASQUERADE"));
      if (s.nat() == NatType.SYMMETRIC) {
        masquerade.add("--random-fully");
      }
      in(s.router(), masquerade.toArray(new String[0]));
    }
    in(s.router(), "iptables", "-N", "PWLOSS");
    in(s.router(), "iptables", "-I", "FORWARD", "1", "-j", "PWLOSS");
    // Counted after the drop rules: only what the router forwarded.
    in(s.router(), "iptables", "-N", "PWCOUNT");
    in(s.router(), "iptables", "-A", "FORWARD", "-p", "udp", "-j", "PWCOUNT");
    count(s, "-i", "wan", "-s", publicIp);
    count(s, "-o", "wan", "-d", publicIp);
    count(s, "-i", "wan", "!", "-s", publicIp);
    count(s, "-o", "wan", "!", "-d", publicIp);
  }

  private void count(Site s, String... match) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("iptables", "-A", "PWCOUNT"));
    cmd.addAll(List.of(match));
    cmd.addAll(List.of("-m", "u32", "--u32", NOT_STUN, "-j", "RETURN"));
    in(s.router(), cmd.toArray(new String[0]));
  }

  /**
   * A second network card of {@code s}'s host on {@code other}'s LAN, down until {@link #moveHost}:
   * a laptop that can leave its office network for a phone's hotspot.
   */
  private void spareLink(Site s, Site other) throws IOException {
    bridgeLan(other);
    String port = "sp" + s.number();
    veth(other.router(), port, s.host(), "eth1");
    in(other.router(), "ip", "link", "set", port, "master", "br-lan");
    in(s.host(), "ip", "link", "set", "eth1", "down");
  }

  private void bridgeLan(Site s) throws IOException {
    if (bridged.contains(s.name())) {
      return;
    }
    bridged.add(s.name());
    String r = s.router();
    in(r, "ip", "link", "add", "br-lan", "type", "bridge");
    in(r, "ip", "addr", "del", s.lanPrefix() + ".1/24", "dev", "lan");
    in(r, "ip", "link", "set", "lan", "master", "br-lan");
    in(r, "ip", "addr", "add", s.lanPrefix() + ".1/24", "dev", "br-lan");
    in(r, "ip", "link", "set", "br-lan", "up");
  }

  /**
   * The host of {@code from} leaves its network for {@code to}'s (prepared with {@link
   * SiteSpec#spareLanOf}): its first card goes down, the spare one comes up with a new address and
   * route. Its public address changes with it.
   *
   * @return the host's new address
   */
  public String moveHost(String from, String to) throws IOException {
    Site s = site(from);
    Site t = site(to);
    String newIp = t.lanPrefix() + "." + (100 + s.number());
    in(s.host(), "ip", "link", "set", "eth0", "down");
    in(s.host(), "ip", "link", "set", "eth1", "up");
    in(s.host(), "ip", "addr", "replace", newIp + "/24", "dev", "eth1");
    in(s.host(), "ip", "route", "replace", "default", "via", t.lanPrefix() + ".1");
    return newIp;
  }

  /** The host of {@code site} comes back to its own network after {@link #moveHost}. */
  public void returnHost(String site) throws IOException {
    Site s = site(site);
    in(s.host(), "ip", "link", "set", "eth1", "down");
    in(s.host(), "ip", "link", "set", "eth0", "up");
    in(s.host(), "ip", "addr", "replace", s.hostIp() + "/24", "dev", "eth0");
    in(s.host(), "ip", "route", "replace", "default", "via", s.lanPrefix() + ".1");
  }

  /** The host of {@code site} gets another address on its LAN (a new DHCP lease). */
  public String renumberHost(String site) throws IOException {
    Site s = site(site);
    String newIp = s.lanPrefix() + ".12";
    // Deleting an interface's first address deletes the others of its subnet (and the routes
    // through it): the old one goes first, as when a lease ends.
    in(s.host(), "ip", "addr", "del", s.hostIp() + "/24", "dev", "eth0");
    in(s.host(), "ip", "addr", "add", newIp + "/24", "dev", "eth0");
    in(s.host(), "ip", "route", "replace", "default", "via", s.lanPrefix() + ".1");
    return newIp;
  }

  /**
   * The NAT of {@code site} forgets its UDP mappings: for {@code silence} nothing UDP passes it and
   * its mappings time out after 1 s, as a home router's do after minutes of silence (or on a
   * reboot). Then traffic passes again, through new mappings.
   */
  public void expireUdpMappings(String site, Duration silence) throws IOException {
    Site s = site(site);
    String r = s.router();
    in(r, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_udp_timeout=1");
    in(r, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_udp_timeout_stream=1");
    in(r, "iptables", "-I", "FORWARD", "1", "-p", "udp", "-j", "DROP");
    try {
      Thread.sleep(silence.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      in(r, "iptables", "-D", "FORWARD", "-p", "udp", "-j", "DROP");
      in(r, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_udp_timeout=30");
      in(r, "sysctl", "-q", "-w", "net.netfilter.nf_conntrack_udp_timeout_stream=120");
    }
  }

  /**
   * Random loss of {@code probability} of the UDP {@code site}'s router forwards, both ways
   * (iptables statistic: the lab has no tc netem); 0 stops it.
   */
  public void setLoss(String site, double probability) throws IOException {
    String r = site(site).router();
    NatLab.in(r, "iptables", "-F", "PWLOSS");
    if (probability > 0) {
      in(
          r,
          "iptables",
          "-A",
          "PWLOSS",
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

  /** What {@code site}'s router forwarded since the last {@link #zeroCounters}. */
  public PathBytes counters(String site) throws IOException {
    String out = in(site(site).router(), "iptables", "-L", "PWCOUNT", "-v", "-x", "-n");
    long[] bytes = new long[4];
    int i = 0;
    for (String line : out.split("\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length > 2 && f[0].matches("\\d+") && i < 4) {
        bytes[i++] = Long.parseLong(f[1]);
      }
    }
    if (i != 4) {
      throw new IOException("unexpected counters on " + site + ":\n" + out);
    }
    return new PathBytes(bytes[2], bytes[3], bytes[0], bytes[1]);
  }

  public void zeroCounters(String site) throws IOException {
    in(site(site).router(), "iptables", "-Z", "PWCOUNT");
  }

  private void ns(String name) throws IOException {
    quiet("ip", "netns", "del", name);
    run("ip", "netns", "add", name);
    namespaces.add(name);
    in(name, "ip", "link", "set", "lo", "up");
  }

  /** A veth pair with one end in each namespace (created inside the first: no root-ns link). */
  private static void veth(String nsA, String ifA, String nsB, String ifB) throws IOException {
    in(nsA, "ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", nsB);
    in(nsA, "ip", "link", "set", ifA, "up");
    in(nsB, "ip", "link", "set", ifB, "up");
  }

  /** Runs a command inside namespace {@code ns}; throws with its output if it fails. */
  public static String in(String ns, String... cmd) throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    full.addAll(List.of(cmd));
    return run(full.toArray(new String[0]));
  }

  static String run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
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
    }
  }

  /** Whether any of this lab's namespaces still exists (after close: none may). */
  public boolean exists() throws IOException {
    String list = run("ip", "netns", "list");
    return list.contains(suffix);
  }

  @Override
  public void close() {
    for (int i = namespaces.size() - 1; i >= 0; i--) {
      quiet("ip", "netns", "del", namespaces.get(i));
    }
    namespaces.clear();
  }
}
