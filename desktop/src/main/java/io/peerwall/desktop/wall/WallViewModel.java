package io.peerwall.desktop.wall;

import io.peerwall.desktop.station.Feed;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The wall screen: its tiles in order, the grid shape, and a summary line for the status bar. Holds
 * no JavaFX nodes; the view binds to it.
 */
public final class WallViewModel {
  private final List<TileViewModel> tiles;
  private final int columns;
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

  public WallViewModel(List<? extends Feed> feeds) {
    this.tiles = feeds.stream().map(TileViewModel::new).toList();
    this.columns = columnsFor(feeds.size());
  }

  /** The smallest square-ish grid that holds {@code count} tiles: 1, 2x2, 3x3, ... */
  static int columnsFor(int count) {
    int columns = 1;
    while (columns * columns < count) {
      columns++;
    }
    return columns;
  }

  public List<TileViewModel> tiles() {
    return tiles;
  }

  public int columns() {
    return columns;
  }

  public int rows() {
    return Math.max(1, (tiles.size() + columns - 1) / columns);
  }

  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  /** Refreshes every tile and the summary; FX thread, non-blocking. */
  public void refresh(long nowNanos) {
    long live = 0;
    for (TileViewModel tile : tiles) {
      tile.refresh(nowNanos);
      if (tile.liveProperty().get()) {
        live++;
      }
    }
    summary.set(live + " of " + tiles.size() + " cameras live");
  }
}
