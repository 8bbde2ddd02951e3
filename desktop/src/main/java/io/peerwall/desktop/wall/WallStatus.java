package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.recordings.DiskUse;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The wall's status bar, part of {@link WallViewModel}: cameras live, this process's CPU load, the
 * total bandwidth and, when the station records, the disk use; refreshed with the tiles by the
 * wall's status timer (FX thread, so every source must be cheap and never do I/O).
 */
public final class WallStatus {
  private final Texts texts;
  private final DoubleSupplier processCpu;
  private final ReadOnlyStringWrapper liveSummary = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper bandwidth = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper disk = new ReadOnlyStringWrapper("");
  private Supplier<DiskUse> diskUse = () -> null;

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

  /** "Recordings 12.4 GB · 410 GB free", empty when the station does not record. */
  public ReadOnlyStringProperty diskProperty() {
    return disk.getReadOnlyProperty();
  }

  /** Where the disk figures come from (null answers: nothing is recorded); FX thread. */
  void showDiskUse(Supplier<DiskUse> source) {
    this.diskUse = source == null ? () -> null : source;
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
    disk.set(diskText(diskUse.get()));
  }

  /**
   * "Recordings 12.4 GB · 410 GB free"; with locks "Recordings 12.4 GB (2.1 GB locked) · …" and the
   * recorder's warning when locks take most of the quota or more (decision 0050).
   */
  String diskText(DiskUse use) {
    if (use == null) {
      return "";
    }
    String line =
        use.lockedBytes() > 0
            ? texts.get(
                "status.diskLocked",
                DiskUse.human(use.recordedBytes()),
                DiskUse.human(use.lockedBytes()),
                DiskUse.human(use.freeBytes()))
            : texts.get(
                "status.disk", DiskUse.human(use.recordedBytes()), DiskUse.human(use.freeBytes()));
    return use.warning().isEmpty()
        ? line
        : line + " · " + texts.get("status.lockWarning", use.warning());
  }
}
