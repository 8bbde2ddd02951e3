package io.peerwall.station.run;

import io.peerwall.station.feed.CameraFeed;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.SessionSupervisor;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The headless station's line per change, as it happens (the status lines come every few seconds):
 * a camera went live (which path, which way, how long it took), was lost (why), or cannot be
 * reached (why, and the command that fixes it). Repeats of the same trouble are not printed again;
 * refusals are {@link RefusalWatch}'s.
 */
final class ChangeLines {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

  private final PrintStream out;
  private final Clock clock;

  private ChangeLines(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** Prints the changes of every feed; call before the feeds start. */
  static void watch(PrintStream out, List<CameraFeed> feeds, Clock clock) {
    ChangeLines lines = new ChangeLines(out, clock);
    for (CameraFeed feed : feeds) {
      feed.addListener(
          new SessionSupervisor.Listener() {
            private String last = "";

            @Override
            public void stateChanged(SessionSupervisor.Event event) {
              String text = lines.describe(feed, event);
              if (text != null && !text.equals(last)) {
                last = text;
                lines.print(feed, text);
              }
            }
          });
    }
  }

  private String describe(CameraFeed feed, SessionSupervisor.Event event) {
    FeedState state = event.state();
    if (state.refusal() || state == FeedState.CLOSED || state == FeedState.CONNECTING) {
      return null;
    }
    if (state == FeedState.LIVE) {
      long ms = feed.millisToFirstLive();
      return String.format(
          Locale.ROOT,
          "live, %s path (%s) through %s%s",
          feed.path(),
          feed.pathType(),
          feed.route(),
          feed.reconnects() == 0 && ms >= 0 ? ", " + ms + " ms after start" : "");
    }
    FeedProblem p = feed.problem();
    String why = p.kind() == FeedProblem.Kind.NONE ? event.reason() : p.describe();
    return state.label()
        + (why.isEmpty() ? "" : ": " + why)
        + (p.fix().isEmpty() ? "" : "; to fix: " + p.fix());
  }

  private void print(CameraFeed feed, String text) {
    String time = LocalTime.ofInstant(clock.instant(), ZoneId.systemDefault()).format(TIME);
    synchronized (out) {
      out.printf("%s %s: %s%n", time, feed.name(), text);
      out.flush();
    }
  }
}
