package io.peerwall.desktop.review;

import io.peerwall.station.review.Thumbnail;
import io.peerwall.station.review.Thumbnails;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;

/**
 * The thumbnail strip along the timeline at the current zoom: one small picture of the selected
 * camera per slot of about {@value #SLOT_PIXELS} pixels, at slot times aligned to the slot length
 * so that panning reuses what is there. Decoded on the thumbnail thread; results that arrive after
 * the zoom or the camera changed are dropped. FX thread.
 */
public final class ThumbnailStrip {
  public static final double SLOT_PIXELS = 112;

  private static final long[] SLOTS = {
    1_000_000L,
    2_000_000L,
    5_000_000L,
    10_000_000L,
    30_000_000L,
    60_000_000L,
    120_000_000L,
    300_000_000L,
    600_000_000L,
    1_800_000_000L,
    3_600_000_000L,
    10_800_000_000L,
    21_600_000_000L,
    43_200_000_000L,
    86_400_000_000L,
    172_800_000_000L
  };

  private final Thumbnails thumbnails;
  private final Executor fx;
  private final ObservableMap<Long, Thumbnail> shown = FXCollections.observableHashMap();
  private final ObservableMap<Long, Thumbnail> shownView =
      FXCollections.unmodifiableObservableMap(shown);
  private final ReadOnlyLongWrapper slot = new ReadOnlyLongWrapper(SLOTS[0]);
  private final Set<Long> asked = new HashSet<>();
  private String cameraId;
  private long generation;

  ThumbnailStrip(Thumbnails thumbnails, Executor fx) {
    this.thumbnails = thumbnails;
    this.fx = fx;
  }

  /** Slot time (the middle of its slot) → its thumbnail, for the slots that have one. */
  public ObservableMap<Long, Thumbnail> thumbnails() {
    return shownView;
  }

  /** The length of a slot now (microseconds). */
  public ReadOnlyLongProperty slotProperty() {
    return slot.getReadOnlyProperty();
  }

  void update(String camera, TimeScale scale, double width) {
    long wanted = scale.span() * (long) SLOT_PIXELS / Math.max(1, (long) width);
    long length = SLOTS[SLOTS.length - 1];
    for (long s : SLOTS) {
      if (s >= wanted) {
        length = s;
        break;
      }
    }
    if (!camera.equals(cameraId) || length != slot.get()) {
      cameraId = camera;
      slot.set(length);
      shown.clear();
      asked.clear();
      generation++;
    }
    long first = Math.floorDiv(scale.fromMicros(), length) * length;
    for (long start = first; start < scale.toMicros(); start += length) {
      long middle = start + length / 2;
      if (asked.add(middle)) {
        request(camera, middle, generation);
      }
    }
  }

  private void request(String camera, long at, long asOf) {
    thumbnails
        .at(camera, at)
        .whenCompleteAsync(
            (found, failure) -> {
              if (asOf != generation) {
                return;
              }
              if (failure != null) {
                asked.remove(at); // dropped while the strip moved on: ask again when shown
                return;
              }
              Optional<Thumbnail> thumbnail = found;
              thumbnail.ifPresent(t -> shown.put(at, t));
            },
            fx);
  }
}
