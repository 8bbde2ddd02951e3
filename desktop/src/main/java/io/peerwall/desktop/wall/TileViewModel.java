package io.peerwall.desktop.wall;

import io.peerwall.desktop.station.Feed;
import io.peerwall.desktop.station.FeedState;
import io.peerwall.desktop.station.FeedStats;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One tile of the wall: the camera's name, its state in plain words and a short stats line, as
 * read-only properties. {@link #refresh(long)} is called on the FX thread by the wall's status
 * timer; it reads only atomic counters, so it never blocks.
 */
public final class TileViewModel {
  private final Feed feed;
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper();
  private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper();
  private long lastDecoded;
  private long lastBytes;
  private long lastNanos;

  public TileViewModel(Feed feed) {
    this.feed = feed;
    title.set(feed.name());
    status.set(FeedState.CONNECTING.label());
  }

  public Feed feed() {
    return feed;
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty liveProperty() {
    return live.getReadOnlyProperty();
  }

  /** Re-reads state and counters; rates are over the time since the previous call. */
  public void refresh(long nowNanos) {
    FeedState state = feed.state();
    FeedStats.Snapshot s = feed.stats().snapshot();
    double seconds = lastNanos == 0 ? 0 : (nowNanos - lastNanos) / 1e9;
    live.set(state == FeedState.LIVE);
    if (state == FeedState.LIVE && seconds > 0) {
      double fps = (s.framesDecoded() - lastDecoded) / seconds;
      double kbps = (s.bytesReceived() - lastBytes) * 8 / 1000.0 / seconds;
      status.set(String.format("live · %.0f fps · %.0f kbit/s · %s", fps, kbps, feed.path()));
    } else if (state != FeedState.LIVE) {
      status.set(state.label());
    }
    lastDecoded = s.framesDecoded();
    lastBytes = s.bytesReceived();
    lastNanos = nowNanos;
  }
}
