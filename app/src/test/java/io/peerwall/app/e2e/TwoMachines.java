package io.peerwall.app.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two "machines" for the README's two-machine walk-through: network namespaces joined by one veth
 * link, each with its own address, working directory and PeerWall data and config directories.
 *
 * <pre>
 *   pwe2e-cam-PID  eth0 192.168.1.10/24 ──veth── eth0 192.168.1.20/24  pwe2e-sta-PID
 * </pre>
 *
 * The addresses are the README's example addresses; they exist only inside these namespaces, which
 * have no link to any interface of the machine (so nothing can take a loopback shortcut). Names
 * carry the test JVM's PID so that parallel runs and the p2p NAT lab ({@code pw-…}) never collide;
 * {@link #close()} deletes them, after the caller has ended the processes inside.
 */
final class TwoMachines implements AutoCloseable {
  static final String CAMERA_IP = "192.168.1.10";
  static final String STATION_IP = "192.168.1.20";

  private static final Pattern LEFTOVER = Pattern.compile("^(pwe2e-(?:cam|sta)-(\\d+))\\b");

  final Machine camera;
  final Machine station;
  private final List<String> namespaces = new ArrayList<>();

  private TwoMachines(Path root) throws IOException {
    String suffix = Long.toString(ProcessHandle.current().pid());
    camera = new Machine("pwe2e-cam-" + suffix, root.resolve("camera-machine"));
    station = new Machine("pwe2e-sta-" + suffix, root.resolve("station-machine"));
  }

  /** Why the namespaces cannot be made here, or null when they can. */
  static String unavailableReason() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "the two-machine test needs root for network namespaces (CI runs as root)";
    }
    try {
      sh("ip", "netns", "list");
      return null;
    } catch (IOException e) {
      return "'ip netns' is not available (Debian package iproute2): " + e.getMessage();
    }
  }

  static TwoMachines create(Path root) throws IOException {
    TwoMachines m = new TwoMachines(root);
    try {
      m.link();
      return m;
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private void link() throws IOException {
    String cam = camera.namespace;
    String sta = station.namespace;
    removeLeftovers();
    for (String ns : List.of(cam, sta)) {
      quiet("ip", "netns", "del", ns); // a leftover of a killed run with the same PID
      sh("ip", "netns", "add", ns);
      namespaces.add(ns);
      sh("ip", "-n", ns, "link", "set", "lo", "up");
    }
    // Created inside the camera namespace with its peer moved straight into the station's: no
    // end ever exists in the machine's own namespace.
    sh(
        "ip", "-n", cam, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns",
        sta);
    sh("ip", "-n", cam, "addr", "add", CAMERA_IP + "/24", "dev", "eth0");
    sh("ip", "-n", sta, "addr", "add", STATION_IP + "/24", "dev", "eth0");
    sh("ip", "-n", cam, "link", "set", "eth0", "up");
    sh("ip", "-n", sta, "link", "set", "eth0", "up");
  }

  /**
   * Deletes this test's namespaces left by runs whose JVM no longer exists (killed before its
   * clean-up ran); those of a run still going, here or in a parallel build, stay.
   */
  private static void removeLeftovers() throws IOException {
    for (String line : sh("ip", "netns", "list").split("\n")) {
      Matcher m = LEFTOVER.matcher(line);
      if (m.find() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
        quiet("ip", "netns", "del", m.group(1));
      }
    }
  }

  /** Ends every process started on either machine, then deletes the namespaces (and the link). */
  @Override
  public void close() {
    camera.close();
    station.close();
    for (String ns : namespaces) {
      quiet("ip", "netns", "del", ns);
    }
    namespaces.clear();
  }

  /** Whether a namespace of this run still exists (for the clean-up check). */
  boolean exists() throws IOException {
    String list = sh("ip", "netns", "list");
    return list.contains(camera.namespace) || list.contains(station.namespace);
  }

  static String sh(String... cmd) throws IOException {
    Path out = Files.createTempFile("pwe2e-cmd-", ".out");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text.strip());
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static void quiet(String... cmd) {
    try {
      sh(cmd);
    } catch (IOException e) {
      // clean-up of something that may not exist
    }
  }
}
