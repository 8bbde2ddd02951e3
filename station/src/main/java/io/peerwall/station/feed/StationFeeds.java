package io.peerwall.station.feed;

import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.station.network.LocalRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * Makes the station's camera feeds, one way for all: the cameras it starts with and the ones added
 * on the wall afterwards. Each feed connects directly to the camera's address with the station's
 * credentials, and is handed to the recorder (when recording) before it starts, so its first frames
 * are recorded too.
 */
public final class StationFeeds {
  /** The size decoding starts at, before the tile asks for its own. */
  private static final int INITIAL_WIDTH = 320;

  private static final int INITIAL_HEIGHT = 180;

  private final StationCredentials station;
  private final Clock clock;
  private final Consumer<List<CameraFeed>> recorder;

  /**
   * @param recorder tees new feeds into the recorder ({@code RecordingSession::record}), or null
   *     when the station only watches
   */
  public StationFeeds(
      StationCredentials station, Clock clock, Consumer<List<CameraFeed>> recorder) {
    this.station = station;
    this.clock = clock;
    this.recorder = recorder;
  }

  /**
   * A feed for the paired camera {@code cameraId} at {@code address}, recorded if the station
   * records; not started. It connects expecting that camera: another identity at the address is
   * {@link FeedState#KEY_CHANGED}.
   */
  public CameraFeed create(String cameraId, String name, InetSocketAddress address) {
    return made(cameraId, name, address, cameraId);
  }

  /**
   * A feed for whichever paired camera answers at {@code address} (an address given on the command
   * line at which no camera was paired: it may have moved there), named after the address.
   */
  public CameraFeed createAt(InetSocketAddress address) {
    String label = address.getAddress().getHostAddress() + ":" + address.getPort();
    return made(label, label, address, null);
  }

  private CameraFeed made(
      String cameraId, String name, InetSocketAddress address, String expectedId) {
    SignalingClient client = clientFor(address, station);
    CameraFeed feed =
        new CameraFeed(
            cameraId,
            name,
            frames -> client.connect(address, expectedId, frames),
            client.config().media(),
            clock,
            INITIAL_WIDTH,
            INITIAL_HEIGHT);
    if (recorder != null) {
      recorder.accept(List.of(feed));
    }
    return feed;
  }

  /** Host candidates on the address that routes to the camera; remote candidates only there. */
  private static SignalingClient clientFor(InetSocketAddress camera, StationCredentials station) {
    InetAddress local = LocalRoute.towards(camera);
    InetAddress remote = camera.getAddress();
    IceConfig ice =
        IceConfig.builder()
            .localAddresses(List.of(local))
            .remoteAddressPolicy(
                address ->
                    address.equals(remote)
                        || address.isLoopbackAddress() && remote.isLoopbackAddress())
            .build();
    return new SignalingClient(
        SignalingClient.Config.loopback().withIce(ice).withCredentials(station));
  }
}
