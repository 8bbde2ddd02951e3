package io.peerwall.station.run;

import io.peerwall.cli.StopSignal;
import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.SessionSupervisor;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The headless station's word on refusals: when a camera refuses in a way retrying cannot fix (its
 * key changed, it no longer knows this station), says so at once on the console with what to do,
 * and stops the station when every camera has refused: nothing is left to watch, and a script
 * learns why from the exit code ({@link StationExit}).
 */
final class RefusalWatch {
  private final PrintStream out;
  private final List<CameraFeed> feeds;
  private final StopSignal stop;

  private RefusalWatch(PrintStream out, List<CameraFeed> feeds, StopSignal stop) {
    this.out = out;
    this.feeds = feeds;
    this.stop = stop;
  }

  /** Watches every feed; call before the feeds start. */
  static void watch(PrintStream out, List<CameraFeed> feeds, StopSignal stop) {
    RefusalWatch watch = new RefusalWatch(out, feeds, stop);
    for (CameraFeed feed : feeds) {
      feed.addListener(
          new SessionSupervisor.Listener() {
            @Override
            public void stateChanged(SessionSupervisor.Event event) {
              if (event.state().refusal()) {
                watch.refused(feed, event);
              }
            }
          });
    }
  }

  /** On the refused feed's supervisor thread, once: the supervisor stops after a refusal. */
  private void refused(CameraFeed feed, SessionSupervisor.Event event) {
    synchronized (out) {
      out.printf(
          "peerwall: camera %s: %s: %s. Not connecting again. %s%n",
          feed.name(),
          event.state().label().toUpperCase(Locale.ROOT),
          event.reason(),
          event.state().advice());
      out.flush();
    }
    if (feeds.stream().allMatch(f -> f.state().refusal())) {
      stop.trigger("every camera refused the station");
    }
  }
}
