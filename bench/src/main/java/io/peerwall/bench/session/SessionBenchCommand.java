package io.peerwall.bench.session;

import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.rtp.H264Depacketizer;
import io.peerwall.p2p.rtp.H264Packetizer;
import io.peerwall.p2p.rtp.RtpPacket;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.p2p.srtp.SrtpContext;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code peerwall bench session}: the P2P session targets, measured on this machine with real peers
 * on loopback (the NAT-lab and TURN-through-NAT figures come from the test suite). Prints readable
 * lines, then one JSON line.
 *
 * <ul>
 *   <li>pairing, including the station's Argon2id run with the production settings (target &lt; 2
 *       s);
 *   <li>paired camera ID → first frame (target &lt; 1 s on a LAN);
 *   <li>camera back after a restart → live again, in-process and after SIGKILL of a camera process
 *       (target &lt; 3 s; {@link ReconnectFigures});
 *   <li>SRTP + RTP CPU cost of a 4 Mbit/s stream, both ends (target &lt; 2 % of a core);
 *   <li>heap per session, both ends (target &lt; 20 MB);
 *   <li>time for 1000 wrong guesses from one source under the camera's throttle (target: hours).
 * </ul>
 */
@Command(
    name = "session",
    mixinStandardHelpOptions = true,
    description = {
      "P2P session figures: pairing time, time to first frame, reconnect time, SRTP cost,",
      "memory per session and the guessing rate the camera allows. Last line: one JSON object."
    })
public final class SessionBenchCommand implements Callable<Integer> {
  private static final String PASSWORD = "bench river orchard ninety seven";

  @Option(names = "--runs", defaultValue = "5", description = "Repetitions per timing (median).")
  int runs;

  @Option(names = "--sessions", defaultValue = "8", description = "Sessions for the memory figure.")
  int sessions;

  PrintStream out = System.out;

  /**
   * The station's RTP settings; the camera's are the defaults (tests: a station that disagrees).
   */
  MediaConfig stationMedia = MediaConfig.defaults();

  @Override
  public Integer call() throws Exception {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(
        "argon2",
        Argon2Params.DEFAULT.memoryKiB() / 1024 + "MiB/t" + Argon2Params.DEFAULT.iterations());
    CameraCredentials camera = CameraCredentials.ephemeral(PASSWORD.toCharArray(), List.of());
    BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();
    SignalingServer server =
        new SignalingServer(SignalingServer.Config.loopback("Bench", camera), started::add);
    server.start();
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    try {
      double pairMs = pairing(at, camera);
      r.put("pairingMs", round(pairMs));
      SignalingClient client = client();
      client.pair(at, camera.cameraId(), PASSWORD.toCharArray());
      double firstFrameMs = firstFrame(client, at, camera.cameraId(), started);
      r.put("firstFrameMs", round(firstFrameMs));
      r.put("memoryPerSessionMb", round(memoryPerSession(client, at, started)));
      server.close();
      ReconnectFigures reconnects = new ReconnectFigures(PASSWORD, Math.min(runs, 3));
      ReconnectFigures.Restart inProcess = reconnects.inProcess(camera, client);
      r.put("reconnectMs", round(inProcess.backToLiveMs()));
      r.put("reconnectConnectMs", round(inProcess.connectMs()));
      ReconnectFigures.Restart killed = reconnects.killedProcess();
      r.put("killedRestartMs", round(killed.backToLiveMs()));
      r.put("killedRestartConnectMs", round(killed.connectMs()));
    } finally {
      server.close();
    }
    r.put("srtpRtpCpuPercentAt4Mbps", round(srtpCost()));
    r.put("hoursFor1000WrongGuesses", round(guessingHours()));
    out.printf(
        Locale.ROOT,
        "pairing (SRP-6a 3072 + Argon2id %s): %.0f ms (target < 2000)%n",
        r.get("argon2"),
        r.get("pairingMs"));
    out.printf(
        Locale.ROOT,
        "paired camera -> first frame (loopback): %.0f ms (target < 1000)%n",
        r.get("firstFrameMs"));
    out.printf(
        Locale.ROOT,
        "camera back -> live again, in-process restart: %.0f ms, of which connect %.0f ms"
            + " (target < 3000)%n",
        r.get("reconnectMs"),
        r.get("reconnectConnectMs"));
    out.printf(
        Locale.ROOT,
        "camera back -> live again, process killed (SIGKILL) and restarted: %.0f ms,"
            + " of which connect %.0f ms (target < 3000)%n",
        r.get("killedRestartMs"),
        r.get("killedRestartConnectMs"));
    out.printf(
        Locale.ROOT,
        "SRTP + RTP, 4 Mbit/s, both ends: %.2f %% of a core (target < 2)%n",
        r.get("srtpRtpCpuPercentAt4Mbps"));
    out.printf(
        Locale.ROOT,
        "heap per session (camera + station ends): %.1f MB (target < 20)%n",
        r.get("memoryPerSessionMb"));
    out.printf(
        Locale.ROOT,
        "1000 wrong guesses from one source: %.1f h (target: hours)%n",
        r.get("hoursFor1000WrongGuesses"));
    out.println(json(r));
    return ExitCode.OK;
  }

  private SignalingClient client() {
    return new SignalingClient(
        SignalingClient.Config.loopback()
            .withMedia(stationMedia)
            .withCredentials(StationCredentials.ephemeral("bench")));
  }

  private double pairing(InetSocketAddress at, CameraCredentials camera) throws Exception {
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      client().pair(at, camera.cameraId(), PASSWORD.toCharArray());
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return median(ms);
  }

  /** Connect with the pinned ID to the first decodable frame; the camera answers PLI at once. */
  private double firstFrame(
      SignalingClient client, InetSocketAddress at, String id, BlockingQueue<CameraSession> started)
      throws Exception {
    double[] ms = new double[runs];
    Random rnd = new Random(1);
    for (int i = 0; i < runs; i++) {
      BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
      long t0 = System.nanoTime();
      try (StationSession s = client.connect(at, id, got::add)) {
        CameraSession c = camerasSide(started, i);
        c.sender().send(frame(rnd, true));
        // A session that delivers nothing has no time to first frame: the benchmark fails.
        if (got.poll(5, TimeUnit.SECONDS) == null) {
          throw new IllegalStateException(
              "session " + (i + 1) + " delivered no frame within 5 s: no first-frame figure");
        }
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return median(ms);
  }

  /** The camera's end of the session just opened; the benchmark fails if it never came. */
  private static CameraSession camerasSide(BlockingQueue<CameraSession> started, int i)
      throws InterruptedException {
    CameraSession c = started.poll(5, TimeUnit.SECONDS);
    if (c == null) {
      throw new IllegalStateException("the camera did not start session " + (i + 1) + " in 5 s");
    }
    return c;
  }

  private double memoryPerSession(
      SignalingClient client, InetSocketAddress at, BlockingQueue<CameraSession> started)
      throws Exception {
    long before = usedHeap();
    List<StationSession> open = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      open.add(client.connect(at, f -> {}));
      camerasSide(started, i);
    }
    long after = usedHeap();
    open.forEach(StationSession::close);
    return (after - before) / 1e6 / sessions;
  }

  /**
   * CPU time of packetize + SRTP protect (camera) and SRTP unprotect + depacketize (station) for 10
   * s of a 4 Mbit/s, 15 fps stream, as a share of one core.
   */
  static double srtpCost() {
    byte[] key = new byte[16];
    byte[] salt = new byte[14];
    SrtpContext tx = new SrtpContext(key, salt);
    SrtpContext rx = new SrtpContext(key, salt);
    H264Packetizer pk = new H264Packetizer(0x1234, 96, 1200, 1, 0, 4 << 20);
    AtomicLong frames = new AtomicLong();
    H264Depacketizer dp =
        new H264Depacketizer(
            1,
            H264Depacketizer.Limits.defaults(),
            System::nanoTime,
            new H264Depacketizer.Listener() {
              @Override
              public void onFrame(EncodedFrame f) {
                frames.incrementAndGet();
              }

              @Override
              public void onFrameLost(String reason) {}
            });
    Random rnd = new Random(2);
    int fps = 15;
    int seconds = 10;
    int frameBytes = 4_000_000 / 8 / fps;
    List<EncodedFrame> input = new ArrayList<>();
    for (int i = 0; i < fps * seconds; i++) {
      input.add(new EncodedFrame(annexB(rnd, frameBytes, i % 30 == 0), 6000L * i, i, i % 30 == 0));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int warm = 0; warm < 3; warm++) {
      run(input, pk, tx, rx, dp);
    }
    long c0 = mx.getCurrentThreadCpuTime();
    run(input, pk, tx, rx, dp);
    long cpu = mx.getCurrentThreadCpuTime() - c0;
    return 100.0 * cpu / (seconds * 1e9);
  }

  private static void run(
      List<EncodedFrame> input,
      H264Packetizer pk,
      SrtpContext tx,
      SrtpContext rx,
      H264Depacketizer dp) {
    for (EncodedFrame f : input) {
      for (byte[] p : pk.packetize(f)) {
        byte[] s = tx.protectRtp(p, 0, p.length);
        if (rx.unprotectRtp(s, 0, s.length) == SrtpContext.Verdict.OK) {
          dp.push(RtpPacket.parse(s, 0, s.length - SrtpContext.TAG));
        }
      }
    }
  }

  private static byte[] annexB(Random r, int size, boolean key) {
    byte[] b = new byte[size];
    r.nextBytes(b);
    b[0] = 0;
    b[1] = 0;
    b[2] = 0;
    b[3] = 1;
    b[4] = (byte) (key ? 0x65 : 0x41);
    for (int i = 5; i + 2 < b.length; i++) {
      if (b[i] == 0 && b[i + 1] == 0) {
        b[i + 1] = 1; // no accidental start codes inside the NAL
      }
    }
    return b;
  }

  private static EncodedFrame frame(Random r, boolean key) {
    return new EncodedFrame(annexB(r, 20_000, key), 90_000, System.currentTimeMillis() * 1000, key);
  }

  /** 1000 wrong guesses from one source against the default throttle, on a virtual clock. */
  static double guessingHours() {
    long[] now = {0};
    CameraPairingStore store = CameraPairingStore.inMemory();
    PairingThrottle t = new PairingThrottle(PairingThrottle.Policy.DEFAULT, store, () -> now[0]);
    int guesses = 0;
    while (guesses < 1000) {
      PairingThrottle.Decision d = t.begin("203.0.113.7");
      if (d instanceof PairingThrottle.Refusal refusal) {
        now[0] += refusal.retryAfterMillis();
      } else {
        ((PairingThrottle.Permit) d).failed("bench: wrong password");
        guesses++;
      }
    }
    return now[0] / 3_600_000.0;
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String json(Map<String, Object> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      b.append(v instanceof Number ? v.toString() : "\"" + v + "\"");
    }
    return b.append('}').toString();
  }
}
