package io.peerwall.bench.session;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A camera in its own JVM for {@code bench session}'s restart figure: killed with SIGKILL (no bye,
 * no closed socket: the station finds out by silence) and started again on the same port with the
 * same identity from its directory. The child's {@code main} serves a small keyframe every 100 ms
 * to each session and prints {@code READY <camera ID>} once it listens; its output goes to a log
 * file in its directory.
 */
final class CameraProcess implements AutoCloseable {
  private final Process process;
  private final String cameraId;

  private CameraProcess(Process process, String cameraId) {
    this.process = process;
    this.cameraId = cameraId;
  }

  /**
   * Starts the camera on {@code port} with its identity in {@code dir}; returns once it listens.
   */
  static CameraProcess start(Path dir, int port, String password) throws IOException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp"));
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(CameraProcess.class.getName());
    cmd.addAll(List.of(dir.toString(), String.valueOf(port), password));
    // Its output (READY, then its log lines) goes to a file: nothing has to drain a pipe.
    Path log = dir.resolve("camera-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String line = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      while (line == null && p.isAlive() && System.nanoTime() < deadline) {
        line =
            Files.readAllLines(log).stream()
                .filter(l -> l.startsWith("READY "))
                .findFirst()
                .orElse(null);
        if (line == null) {
          Thread.sleep(5); // polled: the figure's start is at most 5 ms late
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (line == null) {
      p.destroyForcibly();
      throw new IOException("the bench camera did not start: " + Files.readString(log));
    }
    return new CameraProcess(p, line.substring("READY ".length()).strip());
  }

  String cameraId() {
    return cameraId;
  }

  /** SIGKILL, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  /** The child: {@code <dir> <port> <password>}. */
  public static void main(String[] args) throws Exception {
    CameraCredentials creds = CameraCredentials.open(Path.of(args[0]));
    if (!creds.pairable()) {
      creds.setPassword(args[2].toCharArray(), List.of());
    }
    List<CameraSession> sessions = new CopyOnWriteArrayList<>();
    SignalingServer server =
        new SignalingServer(
            SignalingServer.Config.loopback("Bench camera", creds)
                .withPort(Integer.parseInt(args[1]))
                .withDeadAfter(Duration.ofSeconds(3)),
            sessions::add);
    server.start();
    System.out.println("READY " + creds.cameraId());
    System.out.flush();
    byte[] keyframe = {0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x21, (byte) 0xa0};
    for (long i = 0; ; i++) {
      EncodedFrame f =
          new EncodedFrame(keyframe, 9000L * i, System.currentTimeMillis() * 1000, true);
      for (CameraSession s : sessions) {
        try {
          s.sender().send(f);
        } catch (IOException ended) {
          sessions.remove(s); // the station went away: its session is over
        }
      }
      Thread.sleep(100);
    }
  }
}
