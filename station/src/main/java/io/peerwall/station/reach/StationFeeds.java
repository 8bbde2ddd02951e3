package io.peerwall.station.reach;

import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.media.MediaConfig;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import io.peerwall.station.network.LocalRoute;
import io.peerwall.station.network.NetworkSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Makes the station's camera feeds, one way for all: the cameras it starts with and the ones added
 * on the wall afterwards. A paired camera's feed reaches it by its ID ({@link ReachConnector}: LAN,
 * last address, rendezvous); a feed for an address no camera was paired at connects there. Each is
 * handed to the recorder (when recording) before it starts, so its first frames are recorded too.
 */
public final class StationFeeds implements AutoCloseable {
  /** The size decoding starts at, before the tile asks for its own. */
  private static final int INITIAL_WIDTH = 320;

  private static final int INITIAL_HEIGHT = 180;

  private final StationReach reach;
  private final boolean ownsReach;
  private final Clock clock;
  private final Consumer<List<CameraFeed>> recorder;
  private final List<Consumer<CameraFeed>> watchers = new CopyOnWriteArrayList<>();

  /**
   * @param reach the station's ways to its cameras (closed by its owner)
   * @param recorder tees new feeds into the recorder ({@code RecordingSession::record}), or null
   *     when the station only watches
   */
  public StationFeeds(StationReach reach, Clock clock, Consumer<List<CameraFeed>> recorder) {
    this(reach, false, clock, recorder);
  }

  /**
   * Feeds that reach cameras only at their known addresses (no rendezvous, no LAN discovery, no
   * STUN or TURN): tests and tools on one machine. {@link #close()} stops what it started.
   */
  public StationFeeds(
      StationCredentials station, Clock clock, Consumer<List<CameraFeed>> recorder) {
    this(
        StationReach.start(
            NetworkSettings.empty(),
            null,
            station,
            (local, wait) -> List.of(),
            LocalAddressWatch.start(),
            clock),
        true,
        clock,
        recorder);
  }

  private StationFeeds(
      StationReach reach, boolean ownsReach, Clock clock, Consumer<List<CameraFeed>> recorder) {
    this.reach = reach;
    this.ownsReach = ownsReach;
    this.clock = clock;
    this.recorder = recorder;
  }

  public StationReach reach() {
    return reach;
  }

  /**
   * A feed for the paired camera {@code cameraId}, reached by its ID (recorded if the station
   * records; not started). Only that camera is accepted: another identity where it was is {@link
   * FeedState#KEY_CHANGED}.
   *
   * @param lastAddress where it answered last, or null (paired through the rendezvous)
   */
  public CameraFeed create(String cameraId, String name, InetSocketAddress lastAddress) {
    ReachConnector connector = reach.connector(cameraId, name, lastAddress);
    CameraFeed feed =
        new CameraFeed(
            cameraId,
            name,
            connector,
            MediaConfig.defaults(),
            clock,
            INITIAL_WIDTH,
            INITIAL_HEIGHT);
    connector.onNetworkChange(feed::retryNow);
    feed.routeFrom(() -> connector.route() == null ? "-" : connector.route().kind().label());
    feed.addListener(
        new SessionSupervisor.Listener() {
          @Override
          public void stateChanged(SessionSupervisor.Event event) {
            if (event.state() == FeedState.CLOSED) {
              connector.close();
            }
          }
        });
    return recorded(feed);
  }

  /**
   * A feed for whichever paired camera answers at {@code address} (an address given on the command
   * line at which no camera was paired: it may have moved there), named after the address.
   */
  public CameraFeed createAt(InetSocketAddress address) {
    String label = address.getAddress().getHostAddress() + ":" + address.getPort();
    SignalingClient client = clientAt(address, reach.station());
    return recorded(
        new CameraFeed(
            label,
            label,
            frames -> client.connect(address, null, frames),
            client.config().media(),
            clock,
            INITIAL_WIDTH,
            INITIAL_HEIGHT));
  }

  /**
   * Hands every feed made from now on to {@code watcher} before it starts (the password audit
   * follows its sessions).
   */
  public StationFeeds watchedBy(Consumer<CameraFeed> watcher) {
    watchers.add(watcher);
    return this;
  }

  private CameraFeed recorded(CameraFeed feed) {
    if (recorder != null) {
      recorder.accept(List.of(feed));
    }
    watchers.forEach(w -> w.accept(feed));
    return feed;
  }

  /** Host candidates on the address that routes to the camera (a camera given by address). */
  private static SignalingClient clientAt(InetSocketAddress camera, StationCredentials station) {
    InetAddress local = LocalRoute.towards(camera);
    IceConfig ice = IceConfig.builder().localAddresses(List.of(local)).build();
    return new SignalingClient(
        SignalingClient.Config.loopback().withIce(ice).withCredentials(station));
  }

  /** Stops the reach it made itself (the three-argument constructor); else nothing. */
  @Override
  public void close() {
    if (ownsReach) {
      reach.close();
    }
  }
}
