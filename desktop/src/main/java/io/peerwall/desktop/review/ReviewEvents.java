package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.review.EventFilter;
import io.peerwall.recorder.review.ReviewEvent;
import io.peerwall.station.review.ReviewSession;
import io.peerwall.station.review.Thumbnails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The motion events of the review's cameras in the timeline's window, newest first (issue 14.5):
 * filtered by camera and by whether they were reviewed; a click plays one; events can be marked
 * reviewed (by the OS user, in the index). Questions go to the index thread, one at a time, only
 * the newest waiting. FX thread.
 */
public final class ReviewEvents {
  /** At most this many are listed; the summary says when there are more (zoom in). */
  public static final int LIMIT = 200;

  private final ReviewViewModel review;
  private final ReviewSession session;
  private final Texts texts;
  private final Executor fx;
  private final Map<String, String> names = new HashMap<>();
  private final ObservableList<EventRow> rows = FXCollections.observableArrayList();
  private final ObservableList<EventRow> rowsView = FXCollections.unmodifiableObservableList(rows);
  private final ReadOnlyObjectWrapper<String> camera = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper onlyNotReviewed = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
  private TimeScale window;
  private boolean inFlight;
  private boolean pending;

  ReviewEvents(ReviewViewModel review, ReviewSession session, Texts texts, Executor fx) {
    this.review = review;
    this.session = session;
    this.texts = texts;
    this.fx = fx;
    for (ReviewSession.Camera c : session.cameras()) {
      names.put(c.id(), c.name());
    }
  }

  public ObservableList<EventRow> rows() {
    return rowsView;
  }

  /** The camera listed, or null for every camera of the review. */
  public ReadOnlyObjectProperty<String> cameraProperty() {
    return camera.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty onlyNotReviewedProperty() {
    return onlyNotReviewed.getReadOnlyProperty();
  }

  /** "12 motion events" or "the newest 200 of more: zoom in". */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }

  public Thumbnails thumbnails() {
    return session.thumbnails();
  }

  public Executor fx() {
    return fx;
  }

  /** Lists one camera's events, or (null) every camera's. */
  public void setCamera(String cameraId) {
    camera.set(cameraId);
    reload();
  }

  public void setOnlyNotReviewed(boolean only) {
    onlyNotReviewed.set(only);
    reload();
  }

  /** Plays the event from a second before it started, on its camera's tile. */
  public void play(EventRow row) {
    int tile = review.cameraIds().indexOf(row.event().cameraId());
    if (tile >= 0) {
      review.select(tile);
    }
    review.seek(row.event().startMicros() - 1_000_000L);
    review.play(1);
  }

  /** Marks an event reviewed (or not) in the index. */
  public void setReviewed(EventRow row, boolean reviewed) {
    List<Long> id = List.of(row.event().id());
    (reviewed ? session.queries().markReviewed(id) : session.queries().markNotReviewed(id))
        .whenCompleteAsync(
            (changed, failure) -> {
              if (failure != null) {
                review.failed(failure);
              } else {
                row.setReviewed(reviewed);
                if (reviewed && onlyNotReviewed.get()) {
                  rows.remove(row);
                }
              }
            },
            fx);
  }

  void windowChanged(TimeScale scale) {
    window = scale;
    reload();
  }

  private void reload() {
    if (window == null) {
      return;
    }
    if (inFlight) {
      pending = true;
      return;
    }
    inFlight = true;
    List<String> cameras = camera.get() == null ? review.cameraIds() : List.of(camera.get());
    EventFilter filter =
        EventFilter.of(cameras, window.fromMicros(), window.toMicros(), LIMIT + 1)
            .withReviewed(
                onlyNotReviewed.get()
                    ? EventFilter.Reviewed.NOT_REVIEWED
                    : EventFilter.Reviewed.ANY);
    session
        .queries()
        .events(filter)
        .whenCompleteAsync(
            (found, failure) -> {
              inFlight = false;
              if (failure != null) {
                review.failed(failure);
              } else {
                show(found);
              }
              if (pending) {
                pending = false;
                reload();
              }
            },
            fx);
  }

  private void show(List<ReviewEvent> found) {
    Map<Long, EventRow> kept = new HashMap<>();
    for (EventRow r : rows) {
      kept.put(r.event().id(), r);
    }
    List<EventRow> next =
        found.stream()
            .limit(LIMIT)
            .map(
                e -> {
                  EventRow old = kept.get(e.id());
                  // Keep a row (and its thumbnail) unless the event changed (it ended meanwhile).
                  return old != null && old.event().equals(e)
                      ? old
                      : new EventRow(e, names.getOrDefault(e.cameraId(), e.cameraName()));
                })
            .toList();
    rows.setAll(next);
    summary.set(
        found.size() > LIMIT
            ? texts.get("review.events.more", LIMIT)
            : texts.get("review.events.count", found.size()));
  }
}
