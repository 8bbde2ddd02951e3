package io.peerwall.station.reach;

import io.peerwall.cli.AppDirs;
import io.peerwall.p2p.discovery.LanDiscovery;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.IceServerSource;
import io.peerwall.p2p.ice.IceWarmUp;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.rendezvous.RendezvousIceServers;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.network.RendezvousRoute;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * What every camera feed of a station shares to reach its camera by ID: the LAN directory (mDNS),
 * the rendezvous with its pinned key and its STUN/TURN grant, the station's own STUN/TURN servers
 * (settings, passwords opened once), the threads that try ways in parallel, and the watch on this
 * machine's addresses that ends sessions whose address went away and retries at once.
 *
 * <p>ICE per way ({@link #clientFor}): a camera at a loopback address gets loopback candidates only
 * (tests, a camera on the same machine); one at a private LAN address gets host candidates on every
 * interface, no STUN or TURN (nothing to ask them for on a LAN, and a dead server would hold up
 * gathering); one at a public address or through the rendezvous gets host candidates on every
 * interface plus server-reflexive and relayed ones from the station's own and the rendezvous's
 * servers (decision 0067).
 *
 * <p>Threads: {@code station-reach-N} (attempts, at most a few per camera at once, idle ones end),
 * {@code p2p-address-watch}, {@code station-lan-browse}, and at start {@code p2p-ice-warm-up}; all
 * stopped by {@link #close()}.
 */
public final class StationReach implements AutoCloseable {
  private final StationCredentials station;
  private final IceServerList ownServers;
  private final RendezvousRoute rendezvous;
  private final RendezvousIceServers granted;
  private final LanDirectory lan;
  private final LocalAddressWatch addresses;
  private final ExecutorService attempts;
  private final List<ReachConnector> connectors = new CopyOnWriteArrayList<>();

  private StationReach(
      StationCredentials station,
      IceServerList ownServers,
      RendezvousRoute rendezvous,
      LanDirectory lan,
      LocalAddressWatch addresses,
      Clock clock) {
    this.station = station;
    this.ownServers = ownServers;
    this.rendezvous = rendezvous;
    this.granted = rendezvous == null ? null : rendezvous.iceServers(station.identity(), clock);
    this.lan = lan;
    this.addresses = addresses;
    this.attempts = Executors.newCachedThreadPool(NamedThreadFactory.numbered("station-reach"));
    addresses.onChange(this::networkChanged);
  }

  /**
   * The station's reach from its settings ({@code network.json}, the rendezvous pins), with the
   * real mDNS browse; starts loading ice4j and asking the rendezvous for its servers in the
   * background, so the first camera does not wait for either.
   */
  public static StationReach start(AppDirs dirs, StationCredentials station, Clock clock) {
    NetworkSettings settings = NetworkSettings.load(dirs);
    return start(
        settings,
        RendezvousRoute.of(dirs, settings),
        station,
        (local, wait) -> LanDiscovery.browse(local, wait, x -> true),
        LocalAddressWatch.start(),
        clock);
  }

  /** As {@link #start(AppDirs, StationCredentials, Clock)} with every part given (tests). */
  public static StationReach start(
      NetworkSettings settings,
      RendezvousRoute rendezvous,
      StationCredentials station,
      LanDirectory.Browser browser,
      LocalAddressWatch addresses,
      Clock clock) {
    StationReach r =
        new StationReach(
            station,
            settings.iceServers(station.identity()),
            rendezvous,
            LanDirectory.start(settings.lanAddresses(), browser),
            addresses,
            clock);
    r.warmUp();
    return r;
  }

  /** ice4j loaded and the rendezvous's grant fetched, in the background. */
  private void warmUp() {
    IceWarmUp.inBackground();
    if (granted != null) {
      attempts.execute(granted::current); // never throws; its problem() says what went wrong
    }
  }

  public StationCredentials station() {
    return station;
  }

  public LanDirectory lan() {
    return lan;
  }

  /** The rendezvous, or null when none is set. */
  public RendezvousRoute rendezvous() {
    return rendezvous;
  }

  /**
   * The connector of one paired camera's feed.
   *
   * @param lastAddress where it answered last (cameras.json, or --connect), or null
   */
  public ReachConnector connector(String cameraId, String name, InetSocketAddress lastAddress) {
    ReachConnector c = new ReachConnector(cameraId, name, lastAddress, this);
    connectors.add(c);
    return c;
  }

  void forget(ReachConnector c) {
    connectors.remove(c);
  }

  ExecutorService attempts() {
    return attempts;
  }

  /** The client for a session over {@code route} (its ICE settings: see the class comment). */
  SignalingClient clientFor(Route route) {
    InetAddress remote = route.address().getAddress();
    IceConfig.Builder ice = IceConfig.builder();
    if (route.kind() != Route.Kind.RENDEZVOUS && remote.isLoopbackAddress()) {
      ice.localAddresses(List.of(remote));
    } else if (route.kind() != Route.Kind.RENDEZVOUS && isPrivate(remote)) {
      ice.allInterfaces();
    } else {
      if (remote.isLoopbackAddress()) {
        ice.allInterfacesAnd(List.of(remote)); // a rendezvous on this machine, cameras too
      } else {
        ice.allInterfaces();
      }
      IceServerSource own = IceServerSource.fixed(ownServers);
      ice.iceServers(granted == null ? own : IceServerSource.both(own, granted));
    }
    return new SignalingClient(
        SignalingClient.Config.loopback().withIce(ice.build()).withCredentials(station));
  }

  private static boolean isPrivate(InetAddress a) {
    return a.isSiteLocalAddress() || a.isLinkLocalAddress();
  }

  private void networkChanged(LocalAddressWatch.Change change) {
    for (ReachConnector c : connectors) {
      c.networkChanged(change);
    }
  }

  @Override
  public void close() {
    addresses.close();
    lan.close();
    attempts.shutdownNow();
    try {
      attempts.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
