package io.peerwall.bench.wall;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipCache;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.WeakPasswordException;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.station.adaptive.StreamChoice;
import io.peerwall.station.feed.CameraFeed;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's cameras and station feeds, all in this process: N real camera agents replaying
 * pre-encoded 640x360 clips at the asked frame rate, each paired with the station over the real
 * protocol and watched through a real session (ICE on loopback, DTLS-SRTP, RTP), as on a station. A
 * few distinct clips are shared between the cameras, so encoding them once takes seconds. With a
 * sub stream, each camera also offers the same scene at 320x180, as IP cameras do, and each tile
 * picks its stream by its size (decision 0035). When the bench records (as the demo and the station
 * do), each session also carries the main stream for the recorder (decision 0037).
 */
final class WallBenchRig implements AutoCloseable {
  /** Distinct clips; camera i replays clip i mod this. */
  static final int DISTINCT_CLIPS = 4;

  /** Cheap Argon2id: the bench measures the wall, not pairing (which the pairing bench does). */
  private static final Argon2Params BENCH_ARGON = new Argon2Params(8 * 1024, 1, 1);

  private static final String PASSWORD = "bench wall quietly ninety lanterns";

  private final List<CameraAgent> agents = new ArrayList<>();
  private final List<CameraFeed> feeds = new ArrayList<>();

  List<CameraAgent> agents() {
    return agents;
  }

  List<CameraFeed> feeds() {
    return feeds;
  }

  /** Encodes (or loads) the clips and starts the cameras; no station yet. */
  static WallBenchRig startCameras(
      int tiles, int fps, boolean subStream, Path cacheDir, PrintStream out) throws IOException {
    ClipCache cache = new ClipCache(cacheDir);
    List<EncodedClip> clips = new ArrayList<>();
    List<EncodedClip> subClips = new ArrayList<>();
    for (int k = 0; k < Math.min(tiles, DISTINCT_CLIPS); k++) {
      SyntheticClipSpec spec = SyntheticClipSpec.defaults("Bench " + (k + 1)).withFps(fps);
      if (!java.nio.file.Files.exists(cache.fileFor(spec))) {
        out.printf(
            Locale.ROOT,
            "encoding clip %d of %d (cached in %s)%n",
            k + 1,
            Math.min(tiles, DISTINCT_CLIPS),
            cacheDir);
      }
      clips.add(cache.getOrEncode(spec));
      if (subStream) {
        subClips.add(
            cache.getOrEncode(
                spec.withSize(spec.width() / 2, spec.height() / 2)
                    .withBitrate(spec.bitrateBps() / 4)));
      }
    }
    WallBenchRig rig = new WallBenchRig();
    try {
      for (int i = 0; i < tiles; i++) {
        String name = String.format(Locale.ROOT, "Bench %02d", i + 1);
        CameraPairingStore store = CameraPairingStore.inMemory();
        CameraCredentials credentials =
            new CameraCredentials(
                Identity.generate(), store, new PairingThrottle(store), BENCH_ARGON);
        try {
          credentials.setPassword(PASSWORD.toCharArray(), List.of(name));
        } catch (WeakPasswordException e) {
          throw new IllegalStateException("the bench password must pass the policy", e);
        }
        CameraAgent agent =
            new CameraAgent(
                SignalingServer.Config.loopback(name, credentials),
                new ClipReplaySource(name, clips.get(i % clips.size())),
                subStream
                    ? new ClipReplaySource(name + " (sub)", subClips.get(i % subClips.size()))
                    : null);
        rig.agents.add(agent);
        agent.start();
      }
      return rig;
    } catch (IOException | RuntimeException e) {
      rig.close();
      throw e;
    }
  }

  /** Pairs the station with every camera and starts a feed for each (tile-sized decoding). */
  void startFeeds(int tileWidth, int tileHeight, Clock clock) throws IOException {
    SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
    for (CameraAgent agent : agents) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      CameraFeed feed =
          new CameraFeed(
              agent.cameraId(), agent.name(), address, client, clock, tileWidth, tileHeight);
      feeds.add(feed);
    }
    feeds.forEach(CameraFeed::start);
  }

  /** Tiles showing their camera's sub stream now. */
  int tilesOnSubStream() {
    return (int) feeds.stream().filter(f -> f.activeStream() == StreamChoice.SUB).count();
  }

  long framesSent() {
    return agents.stream().mapToLong(CameraAgent::framesSent).sum();
  }

  /** Frames sent of one stream ("main" or "sub"), over every camera. */
  long framesSent(String stream) {
    return agents.stream().mapToLong(a -> a.framesSent(stream)).sum();
  }

  /**
   * Frames sent of the stream each tile shows now: what the tiles could have displayed (a recording
   * feed's session also carries the main stream, which its small tile does not show).
   */
  long framesSentOfShownStreams() {
    long sum = 0;
    for (int i = 0; i < feeds.size(); i++) {
      sum +=
          agents
              .get(i)
              .framesSent(
                  feeds.get(i).activeStream() == StreamChoice.SUB
                      ? CameraAgent.SUB
                      : CameraAgent.MAIN);
    }
    return sum;
  }

  @Override
  public void close() {
    feeds.forEach(CameraFeed::close);
    agents.forEach(CameraAgent::close);
  }
}
