package io.peerwall.bench.reach;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.Logging;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import io.peerwall.station.reach.StationFeeds;
import io.peerwall.station.reach.StationReach;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code bench reach}'s station, in a station machine of the NAT lab: the station's own classes
 * ({@link StationReach}, {@link StationFeeds}, the feed's supervisor and decoder), on the home
 * {@code peerwall pair} wrote. Prints one line per measurement for the bench to read:
 *
 * <pre>
 * first-frame N   TRY i ms path pathType via      (a feed made for the paired ID, closed after)
 * watch            LIVE ms path pathType via      (one feed kept; a line each time it is live)
 * </pre>
 */
public final class ReachProbe {
  private ReachProbe() {}

  public static void main(String[] args) throws Exception {
    AppDirs dirs = AppDirs.forThisUser(null).ensureUsable();
    Logging.configure(dirs.logs(), false);
    Logging.bridgeJavaUtilLogging();
    StationCredentials station = StationSetup.open(dirs);
    PairedPeer camera = station.trust().cameras().get(0);
    InetSocketAddress last = camera.address() == null ? null : hostPort(camera.address());
    try (StationReach reach = StationReach.start(dirs, station, Clock.systemUTC());
        StationFeeds feeds = new StationFeeds(reach, Clock.systemUTC(), null)) {
      if (args[0].equals("first-frame")) {
        int tries = Integer.parseInt(args[1]);
        for (int i = 0; i <= tries; i++) {
          long t0 = System.nanoTime();
          try (CameraFeed feed = feeds.create(camera.id(), camera.name(), last)) {
            feed.start();
            long deadline = t0 + 30_000_000_000L;
            while (feed.stats().snapshot().framesDecoded() == 0 && System.nanoTime() < deadline) {
              Thread.sleep(2);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            boolean ok = feed.stats().snapshot().framesDecoded() > 0;
            say(
                String.format(
                    Locale.ROOT,
                    "TRY %d %d %s %s %s",
                    i,
                    ok ? ms : -1,
                    feed.path(),
                    feed.pathType(),
                    feed.route()));
          }
          Thread.sleep(300); // the camera's side of the closed session goes
        }
      } else {
        CameraFeed feed = feeds.create(camera.id(), camera.name(), last);
        feed.addListener(
            new SessionSupervisor.Listener() {
              @Override
              public void stateChanged(SessionSupervisor.Event e) {
                if (e.state() == FeedState.LIVE) {
                  say("LIVE " + feed.path() + " " + feed.pathType() + " " + feed.route());
                } else {
                  say("DOWN " + e.state().label() + " " + e.reason());
                }
              }
            });
        feed.start();
        Thread.sleep(Long.MAX_VALUE);
      }
    }
    System.exit(0);
  }

  private static void say(String line) {
    synchronized (System.out) {
      System.out.println(line);
      System.out.flush();
    }
  }

  /** "host:port" as cameras.json keeps it. */
  private static InetSocketAddress hostPort(String text) {
    int c = text.lastIndexOf(':');
    return new InetSocketAddress(
        text.substring(0, c).replace("[", "").replace("]", ""),
        Integer.parseInt(text.substring(c + 1)));
  }
}
