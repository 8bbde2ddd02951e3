package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The wall's status bar, part of {@link WallViewModel}: cameras live, this process's CPU load and
 * the total bandwidth, refreshed with the tiles by the wall's status timer (FX thread).
 */
public final class WallStatus {
  private final Texts texts;
  private final DoubleSupplier processCpu;
  private final ReadOnlyStringWrapper liveSummary = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper bandwidth = new ReadOnlyStringWrapper("");

  WallStatus(Texts texts, DoubleSupplier processCpu) {
    this.texts = texts;
    this.processCpu = processCpu;
  }

  /** "12 of 16 cameras live". */
  public ReadOnlyStringProperty liveSummaryProperty() {
    return liveSummary.getReadOnlyProperty();
  }

  /** "CPU 34 %", empty when unknown. */
  public ReadOnlyStringProperty cpuProperty() {
    return cpu.getReadOnlyProperty();
  }

  /** "9.6 Mbit/s" received from all cameras. */
  public ReadOnlyStringProperty bandwidthProperty() {
    return bandwidth.getReadOnlyProperty();
  }

  /** Refreshes every tile (their notifications go to {@code events}), then the status line. */
  void refresh(
      List<TileViewModel> cameras, long nowNanos, long nowMillis, Consumer<WallEvent> events) {
    int live = 0;
    double bits = 0;
    for (TileViewModel tile : cameras) {
      WallEvent event = tile.refresh(nowNanos, nowMillis);
      if (event != null) {
        events.accept(event);
      }
      if (tile.liveProperty().get()) {
        live++;
      }
      bits += tile.bitsPerSecond();
    }
    liveSummary.set(texts.get("status.live", live, cameras.size()));
    double load = processCpu.getAsDouble();
    cpu.set(load < 0 ? "" : texts.get("status.cpu", Math.round(load * 100)));
    bandwidth.set(texts.get("status.bandwidth", bits / 1e6));
  }
}
