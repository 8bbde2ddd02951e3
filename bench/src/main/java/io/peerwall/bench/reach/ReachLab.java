package io.peerwall.bench.reach;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NAT lab with PeerWall running in it as a person would run it, every part a child process:
 * coturn ({@code turnserver}, shared-secret mode) and {@code peerwall rendezvous} on the public
 * segment, one camera per camera site ({@code peerwall camera init}, {@code camera serve
 * --rendezvous HOST:PORT#ID}), and stations made per cell on the station sites ({@code peerwall
 * network --rendezvous}, {@code peerwall pair CAMERA-ID} without an address, {@code peerwall
 * station --headless --stats-json}). Shared by the NAT matrix test and {@code bench reach}.
 */
public final class ReachLab implements AutoCloseable {
  public static final String PASSWORD = "orchid-lantern-seventy-drifts";
  public static final int RENDEZVOUS_PORT = 7800;
  private static final Pattern CAMERA_ID = Pattern.compile("Camera ID: (\\S+)");
  private static final Pattern USE = Pattern.compile("Cameras and stations use: (\\S+)");

  /** A camera serving in its site. */
  public record Camera(String site, String name, String id, LabHost host, LabHost.Running serve) {}

  private final NatLab lab;
  private final Path dir;
  private final CoturnProcess coturn;
  private final LabHost publicHost;
  private final LabHost.Running rendezvous;
  private final String rendezvousAddress;
  private final Map<String, Camera> cameras = new LinkedHashMap<>();
  private final List<LabHost> hosts = new ArrayList<>();

  private ReachLab(
      NatLab lab,
      Path dir,
      CoturnProcess coturn,
      LabHost publicHost,
      LabHost.Running rendezvous,
      String rendezvousAddress) {
    this.lab = lab;
    this.dir = dir;
    this.coturn = coturn;
    this.publicHost = publicHost;
    this.rendezvous = rendezvous;
    this.rendezvousAddress = rendezvousAddress;
  }

  /**
   * Builds the lab, starts coturn and the rendezvous (which hands out coturn with credentials).
   *
   * @param tag short, unique among labs running at once in this process
   */
  public static ReachLab start(String tag, List<NatLab.SiteSpec> sites, Path dir)
      throws IOException, InterruptedException {
    NatLab lab = NatLab.create(tag, sites);
    CoturnProcess coturn = null;
    LabHost pub = null;
    try {
      coturn =
          CoturnProcess.start(
              lab.publicNamespace(),
              lab.publicIp(),
              "lab-turn-secret-" + Long.toHexString(System.nanoTime()),
              dir.resolve("coturn"));
      pub = new LabHost(lab.publicNamespace(), dir.resolve("public"));
      String server = lab.publicIp() + ":" + CoturnProcess.PORT;
      LabHost.Running rdv =
          pub.start(
              "rendezvous",
              "--bind",
              lab.publicIp(),
              "--port",
              Integer.toString(RENDEZVOUS_PORT),
              "--stun",
              server,
              "--turn",
              server,
              "--turn-secret-file",
              coturn.secretFile().toString());
      String use = rdv.await("Cameras and stations use: ", 60_000);
      if (use == null) {
        throw new IOException("the rendezvous did not start:\n" + rdv.output());
      }
      return new ReachLab(lab, dir, coturn, pub, rdv, group(USE, use));
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (pub != null) {
        pub.close();
      }
      if (coturn != null) {
        coturn.close();
      }
      lab.close();
      throw e;
    }
  }

  public NatLab lab() {
    return lab;
  }

  /** "100.64.0.1:7800#ID", as the rendezvous printed it. */
  public String rendezvousAddress() {
    return rendezvousAddress;
  }

  public Camera camera(String site) {
    return cameras.get(site);
  }

  /**
   * Makes and starts a camera on {@code site}: {@code camera init} (password on standard input),
   * {@code camera serve --rendezvous} with a small test pattern; waits until it is registered.
   */
  public Camera startCamera(String site, String name) throws IOException, InterruptedException {
    return startCamera(site, name, lab.site(site).hostIp());
  }

  /** As {@link #startCamera(String, String)}, listening on {@code bind} (0.0.0.0: everywhere). */
  public Camera startCamera(String site, String name, String bind)
      throws IOException, InterruptedException {
    NatLab.Site s = lab.site(site);
    LabHost host = host(s.host(), dir.resolve("camera-" + site));
    LabHost.Result init =
        host.run(
            PASSWORD + "\n" + PASSWORD + "\n", "camera", "init", "--name", name, "--bind", bind);
    if (init.exitCode() != 0) {
      throw new IOException("camera init failed on " + site + ":\n" + init.all());
    }
    String id = group(CAMERA_ID, init.out());
    LabHost.Running serve =
        host.start(
            "camera",
            "serve",
            "--name",
            name,
            "--source",
            "testpattern:320x180@15",
            "--rendezvous",
            rendezvousAddress);
    if (serve.await("Registered with rendezvous", 90_000) == null) {
      throw new IOException("camera on " + site + " did not register:\n" + serve.output());
    }
    Camera c = new Camera(site, name, id, host, serve);
    cameras.put(site, c);
    return c;
  }

  /**
   * A station machine on {@code site} with its own home under {@code name}, set to the lab's
   * rendezvous ({@code peerwall network --rendezvous}).
   */
  public LabHost station(String site, String name) throws IOException, InterruptedException {
    LabHost host = host(lab.site(site).host(), dir.resolve("station-" + name));
    LabHost.Result r = host.run("", "network", "--rendezvous", rendezvousAddress);
    if (r.exitCode() != 0) {
      throw new IOException("peerwall network failed:\n" + r.all());
    }
    return host;
  }

  /** {@code peerwall pair CAMERA-ID} (no address: found through the rendezvous). */
  public LabHost.Result pair(LabHost station, Camera camera)
      throws IOException, InterruptedException {
    return pair(station, camera, null);
  }

  /** {@code peerwall pair CAMERA-ID [--address HOST:PORT]}. */
  public LabHost.Result pair(LabHost station, Camera camera, String address)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("pair", camera.id()));
    if (address != null) {
      args.addAll(List.of("--address", address));
    }
    LabHost.Result r = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      r = station.run(PASSWORD + "\n", args.toArray(new String[0]));
      if (r.exitCode() != 11) { // 11: the camera asks for a pause (another pairing just ran)
        break;
      }
      Thread.sleep(1500);
    }
    return r;
  }

  /** Starts {@code peerwall station --headless} for {@code duration}, stats to stats.json. */
  public LabHost.Running watch(LabHost station, Duration duration) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "station",
                "--headless",
                "--no-record",
                "--status-interval",
                "2s",
                "--stats-json",
                station.home().resolve("stats.json").toString()));
    if (duration != null) {
      args.add("--duration");
      args.add(duration.toMillis() + "ms");
    }
    return station.start(args.toArray(new String[0]));
  }

  /** The stats file a finished station wrote: its first camera. */
  public static JsonNode firstCamera(LabHost station) throws IOException {
    Path f = station.home().resolve("stats.json");
    if (!Files.exists(f)) {
      throw new IOException("no stats file " + f);
    }
    return new ObjectMapper().readTree(f.toFile()).get("cameras").get(0);
  }

  private LabHost host(String namespace, Path home) throws IOException {
    LabHost h = new LabHost(namespace, home);
    hosts.add(h);
    return h;
  }

  public String coturnLog() throws IOException {
    return coturn.logTail();
  }

  public String rendezvousOutput() {
    return rendezvous.output();
  }

  private static String group(Pattern p, String text) throws IOException {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      throw new IOException("'" + p + "' not in:\n" + text);
    }
    return m.group(1);
  }

  @Override
  public void close() {
    for (LabHost h : hosts) {
      h.close();
    }
    publicHost.close();
    coturn.close();
    lab.close();
  }
}
