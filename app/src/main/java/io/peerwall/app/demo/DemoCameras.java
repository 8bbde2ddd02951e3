package io.peerwall.app.demo;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The demo's simulated cameras: real camera agents, each replaying its own pre-encoded clip (moving
 * pattern, its name and a running clock burned in) on a loopback signaling port. Each camera has a
 * main stream (640x360) and a sub stream (320x180, the same scene encoded smaller), so the wall
 * switches a tile between them live as it is maximized or shrunk.
 */
final class DemoCameras implements AutoCloseable {
  private final List<CameraAgent> agents = new ArrayList<>();
  private AutoCloseable first;

  private DemoCameras() {}

  static String nameOf(int index) {
    return "Camera " + (index + 1);
  }

  static String idOf(int index) {
    return String.format(Locale.ROOT, "demo-%02d", index + 1);
  }

  /** Encodes (or loads from the cache) every camera's clip, then starts the agents. */
  static DemoCameras start(int count, Path cacheDir, PrintStream out) throws IOException {
    return start(count, cacheDir, null, out);
  }

  /**
   * As {@link #start(int, Path, PrintStream)}; with {@code identityDir} not null, camera i keeps
   * its identity (so its ID) in {@code identityDir/camera-<i+1>} from one demo run to the next.
   */
  static DemoCameras start(int count, Path cacheDir, Path identityDir, PrintStream out)
      throws IOException {
    List<EncodedClip> clips = prepareClips(count, cacheDir, out);
    // Main and sub clip of camera i are at 2i and 2i+1.
    DemoCameras cameras = new DemoCameras();
    try {
      for (int i = 0; i < count; i++) {
        String name = nameOf(i);
        // Every demo camera has the documented demo password (verifier only, in memory).
        char[] password = DemoPairing.DEMO_PASSWORD.toCharArray();
        CameraCredentials credentials =
            identityDir == null
                ? CameraCredentials.ephemeral(password, List.of(name))
                : CameraCredentials.inMemory(
                    Identity.loadOrCreate(identityDir.resolve("camera-" + (i + 1))),
                    password,
                    List.of(name));
        CameraAgent agent =
            new CameraAgent(
                SignalingServer.Config.loopback(name, credentials),
                new ClipReplaySource(name, clips.get(2 * i)),
                new ClipReplaySource(name + " (sub)", clips.get(2 * i + 1)));
        cameras.agents.add(agent);
        agent.start();
      }
      return cameras;
    } catch (IOException | RuntimeException e) {
      cameras.close();
      throw e;
    }
  }

  /** Two encoder threads: the machine has two cores, and encoding is done once per camera. */
  private static List<EncodedClip> prepareClips(int count, Path cacheDir, PrintStream out)
      throws IOException {
    ClipCache cache = new ClipCache(cacheDir);
    List<SyntheticClipSpec> specs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      specs.add(spec(i));
      specs.add(subSpec(i));
    }
    long missing =
        specs.stream().filter(s -> !java.nio.file.Files.exists(cache.fileFor(s))).count();
    if (missing > 0) {
      out.printf(
          Locale.ROOT, "Encoding %d demo clip(s) once; they are cached in %s%n", missing, cacheDir);
    }
    ExecutorService encoders =
        Executors.newFixedThreadPool(2, NamedThreadFactory.numbered("demo-clip-encode"));
    try {
      List<Future<EncodedClip>> futures = new ArrayList<>();
      for (SyntheticClipSpec spec : specs) {
        futures.add(encoders.submit(() -> cache.getOrEncode(spec)));
      }
      List<EncodedClip> clips = new ArrayList<>();
      for (Future<EncodedClip> future : futures) {
        clips.add(future.get());
      }
      return clips;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof LinkageError linkage) {
        throw linkage;
      }
      throw new IOException("encoding the demo clips failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while encoding the demo clips", e);
    } finally {
      encoders.shutdownNow();
    }
  }

  private static SyntheticClipSpec spec(int index) {
    return SyntheticClipSpec.defaults(nameOf(index));
  }

  /** The sub stream: the same scene at a quarter of the pixels and bit rate. */
  static SyntheticClipSpec subSpec(int index) {
    SyntheticClipSpec main = spec(index);
    return main.withSize(main.width() / 2, main.height() / 2).withBitrate(main.bitrateBps() / 4);
  }

  List<CameraAgent> agents() {
    return agents;
  }

  /**
   * A station (fresh in-memory identity) paired with {@code toPair} by the real protocol over
   * loopback: SRP-6a with the demo password, keys pinned on both sides. Sessions to them then run
   * DTLS-SRTP with those pinned keys, exactly as for real cameras.
   */
  static SignalingClient pairedStation(List<CameraAgent> toPair) throws IOException {
    SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
    for (CameraAgent agent : toPair) {
      agent.pairLocally(client, DemoPairing.DEMO_PASSWORD.toCharArray());
    }
    return client;
  }

  /** Something to close before the cameras (the pairing stand-in and its feeds). */
  void onClose(AutoCloseable closeable) {
    this.first = closeable;
  }

  @Override
  public void close() {
    if (first != null) {
      try {
        first.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(DemoCameras.class).warn("closing: {}", e.toString());
      }
    }
    agents.forEach(CameraAgent::close);
  }
}
