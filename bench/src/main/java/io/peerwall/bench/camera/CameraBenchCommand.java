package io.peerwall.bench.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.StationSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench camera}: a camera agent (own JVM, no JavaFX) passes a 4 Mbit/s H.264 stream
 * through to two stations (real pairing, ICE, DTLS-SRTP on loopback); measures the agent's CPU (%
 * of one core) and resident memory, then the time to the first frame for a station that connects
 * mid-GOP. The source is the decoder's GStreamer RTSP test server when it can run (python3-gi,
 * gir1.2-gst-rtsp-server-1.0), else the same file passed through. Last line: one JSON object.
 */
@Command(
    name = "camera",
    description = "Camera agent: passthrough CPU/RSS with 2 stations, first-frame time.")
public final class CameraBenchCommand implements Callable<Integer> {
  private static final String PASSWORD = "bench-orchid-lantern-seventy-drifts";

  @Option(names = "--seconds", defaultValue = "30", description = "Measured time (default 30).")
  int seconds;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      paramLabel = "S",
      description =
          "Seconds the two stations watch before the measurement starts (default 20): the JIT's"
              + " one-time work is not what an agent costs all day.")
  int warmupSeconds;

  @Option(
      names = "--bitrate",
      defaultValue = "4000000",
      description = "Stream bit rate in bit/s (default 4 Mbit/s).")
  int bitrate;

  @Option(
      names = "--rtsp-server",
      defaultValue = "decoder/src/test/resources/rtsp/serve.py",
      paramLabel = "SCRIPT",
      description = "GStreamer RTSP server script; file passthrough when it cannot run.")
  Path rtspServer;

  @Option(
      names = "--agent-jvm-opts",
      paramLabel = "OPTS",
      description =
          "JVM options of the agent process (default: the ones docs/camera-service.md"
              + " recommends).")
  String agentJvmOpts;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Scratch directory.")
  Path workDir;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (agentJvmOpts != null) {
      System.setProperty(AgentProcess.JVM_OPTS_PROPERTY, agentJvmOpts);
    }
    String jvmOpts =
        System.getProperty(AgentProcess.JVM_OPTS_PROPERTY, AgentProcess.DEFAULT_JVM_OPTS);
    Path work = workDir != null ? workDir : Files.createTempDirectory("peerwall-bench-camera");
    Files.createDirectories(work);
    Path clip = work.resolve("clip-4m.mp4");
    if (!Files.exists(clip)) {
      out.println("encoding a 1280x720 25 fps clip at " + bitrate / 1000 + " kbit/s (ffmpeg)...");
      run(
          "ffmpeg",
          "-hide_banner",
          "-loglevel",
          "error",
          "-y",
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=1280x720:rate=25",
          "-t",
          "90",
          "-c:v",
          "libx264",
          "-preset",
          "veryfast",
          "-bf",
          "0",
          "-g",
          "50",
          "-b:v",
          String.valueOf(bitrate),
          "-maxrate",
          String.valueOf(bitrate),
          "-bufsize",
          String.valueOf(bitrate),
          "-pix_fmt",
          "yuv420p",
          clip.toString());
    }
    Path pw = work.resolve("pw.txt");
    Files.writeString(pw, PASSWORD + "\n");
    Path data = work.resolve("data-" + System.nanoTime());
    Files.createDirectories(data);
    Process rtsp = startRtsp(clip);
    String source =
        rtsp != null ? "rtsp://127.0.0.1:" + rtspPort + "/cam" : "file:" + clip.toAbsolutePath();
    out.println(
        "source: " + (rtsp != null ? "RTSP (GStreamer test server)" : "file") + " " + source);
    int port = freePort();
    List<StationSession> sessions = new ArrayList<>();
    try (AgentProcess agent = AgentProcess.start(data, pw, source, port)) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      JsonNode st = agent.status();
      String cameraId = readCameraId(data);
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, cameraId, PASSWORD.toCharArray());
      AtomicLong bytes = new AtomicLong();
      AtomicLong frames = new AtomicLong();
      for (int i = 0; i < 2; i++) {
        sessions.add(
            client.connect(
                address,
                (EncodedFrame f) -> {
                  bytes.addAndGet(f.annexB().length);
                  frames.incrementAndGet();
                }));
      }
      Thread.sleep(warmupSeconds * 1_000L); // JIT, GOP cache
      String load0 = loadAverage();
      double cpu0 = agent.cpuSeconds();
      long bytes0 = bytes.get();
      long frames0 = frames.get();
      long t0 = System.nanoTime();
      double rssMax = 0;
      for (int s = 0; s < seconds; s++) {
        Thread.sleep(1_000);
        rssMax = Math.max(rssMax, agent.rssMib());
      }
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpuPct = 100.0 * (agent.cpuSeconds() - cpu0) / wall;
      double mbits = (bytes.get() - bytes0) * 8 / wall / 1e6 / 2;
      double fps = (frames.get() - frames0) / wall / 2;
      // A station that joins mid-GOP.
      Thread.sleep(900);
      AtomicLong firstFrameAt = new AtomicLong();
      long c0 = System.nanoTime();
      AtomicLong connectedAt = new AtomicLong();
      StationSession late =
          client.connect(
              address, (EncodedFrame f) -> firstFrameAt.compareAndSet(0, System.nanoTime()));
      connectedAt.set(System.nanoTime());
      sessions.add(late);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (firstFrameAt.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(2_500); // the agent's status file is rewritten every 2 s
      st = agent.status();
      double agentFirstMs = st == null ? -1 : st.path("lastFirstFrameMillis").asDouble(-1);
      double fromConnectMs = firstFrameAt.get() == 0 ? -1 : (firstFrameAt.get() - c0) / 1e6;
      double afterSessionMs =
          firstFrameAt.get() == 0
              ? -1
              : Math.max(0, (firstFrameAt.get() - connectedAt.get()) / 1e6);
      sessions.forEach(StationSession::close);
      boolean clean = agent.terminate();
      ObjectNode json = new ObjectMapper().createObjectNode();
      json.put("bench", "camera");
      json.put("source", rtsp != null ? "rtsp" : "file");
      json.put("stations", 2);
      json.put("streamMbits", round(mbits));
      json.put("fpsPerStation", round(fps));
      json.put("agentCpuPercentOfCore", round(cpuPct));
      json.put("agentRssMaxMib", round(rssMax));
      json.put("firstFrameAgentMs", round(agentFirstMs));
      json.put("firstFrameFromConnectCallMs", round(fromConnectMs));
      json.put("firstFrameAfterSessionUpMs", round(afterSessionMs));
      json.put("gopMs", 2000);
      json.put("sigtermCleanExit", clean);
      json.put("seconds", round(wall));
      json.put("warmupSeconds", warmupSeconds);
      json.put("agentJvmOpts", jvmOpts);
      // The machine may be shared: its load says how much the figures above can be trusted.
      json.put("loadAvgAtStart", load0);
      json.put("loadAvgAtEnd", loadAverage());
      out.printf(Locale.ROOT, "stream %.2f Mbit/s, %.1f fps per station%n", mbits, fps);
      out.printf(Locale.ROOT, "agent CPU %.2f %% of a core, RSS max %.1f MiB%n", cpuPct, rssMax);
      out.printf(
          "machine load average (1/5/15 min): %s at start, %s at end%n", load0, loadAverage());
      out.printf(
          Locale.ROOT,
          "new station: first frame %.1f ms after its session is up (agent side %.1f ms),"
              + " %.1f ms after connect() (incl. ICE+DTLS)%n",
          afterSessionMs,
          agentFirstMs,
          fromConnectMs);
      out.println(json);
      return 0;
    } finally {
      sessions.forEach(StationSession::close);
      if (rtsp != null) {
        rtsp.destroy();
      }
    }
  }

  private int rtspPort;

  private Process startRtsp(Path clip) throws IOException, InterruptedException {
    if (!Files.exists(rtspServer) || !Files.exists(Path.of("/usr/bin/python3"))) {
      return null;
    }
    rtspPort = freePort();
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                rtspServer.toString(),
                String.valueOf(rtspPort),
                "cam",
                clip.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (!"READY".equals(line)) {
      p.destroy();
      out.println("RTSP test server unavailable (" + line + "); using file passthrough");
      return null;
    }
    return p;
  }

  private static String readCameraId(Path data) throws IOException {
    for (String line : Files.readAllLines(data.resolve("init.log"))) {
      if (line.startsWith("Camera ID: ")) {
        return line.substring("Camera ID: ".length()).strip();
      }
    }
    throw new IOException("no camera ID in " + data.resolve("init.log"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + log);
    }
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
