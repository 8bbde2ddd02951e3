package io.peerwall.desktop.review;

import io.peerwall.recorder.review.ReviewEvent;
import io.peerwall.station.review.Thumbnail;
import io.peerwall.station.review.Thumbnails;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * A motion event in the list: its camera, start, duration and strength, whether it was reviewed,
 * and a thumbnail fetched when its row is first shown. FX thread.
 */
public final class EventRow {
  private final ReviewEvent event;
  private final String cameraName;
  private final ReadOnlyBooleanWrapper reviewed;
  private final ReadOnlyObjectWrapper<Thumbnail> thumbnail = new ReadOnlyObjectWrapper<>();
  private boolean asked;

  EventRow(ReviewEvent event, String cameraName) {
    this.event = event;
    this.cameraName = cameraName;
    this.reviewed = new ReadOnlyBooleanWrapper(event.reviewed());
  }

  public ReviewEvent event() {
    return event;
  }

  public String cameraName() {
    return cameraName;
  }

  public ReadOnlyBooleanProperty reviewedProperty() {
    return reviewed.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Thumbnail> thumbnailProperty() {
    return thumbnail.getReadOnlyProperty();
  }

  /** Duration in microseconds; empty while the motion goes on. */
  public long durationMicros(long nowMicros) {
    return event.endMicros().orElse(nowMicros) - event.startMicros();
  }

  void setReviewed(boolean value) {
    reviewed.set(value);
  }

  /**
   * Fetches the thumbnail once (a second into the motion, or its middle if shorter): the list asks
   * when the row is shown.
   */
  public void requestThumbnail(Thumbnails thumbnails, Executor fx) {
    if (asked) {
      return;
    }
    asked = true;
    long length = event.endMicros().map(end -> end - event.startMicros()).orElse(2_000_000L);
    long at = event.startMicros() + Math.min(1_000_000L, length / 2);
    thumbnails
        .at(event.cameraId(), at)
        .whenCompleteAsync(
            (found, failure) -> {
              if (failure != null) {
                asked = false; // dropped while scrolling: ask again when shown again
              } else {
                found.ifPresent(thumbnail::set);
              }
            },
            fx);
  }
}
