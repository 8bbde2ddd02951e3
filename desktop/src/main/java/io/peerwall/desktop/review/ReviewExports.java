package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.ReviewExport;
import io.peerwall.station.review.ReviewSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Mark in and out on the timeline and export the range of one or several cameras (issue 14.6): one
 * MP4 each, with progress and Cancel, on the export's own thread (the screen never waits). Bad
 * requests are said in a sentence, not exported. FX thread.
 */
public final class ReviewExports {
  private final ReviewViewModel review;
  private final ReviewSession session;
  private final Texts texts;
  private final Executor fx;
  private final ReadOnlyLongWrapper markIn = new ReadOnlyLongWrapper(-1);
  private final ReadOnlyLongWrapper markOut = new ReadOnlyLongWrapper(-1);
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
  private ReviewExport.Job job;
  private ReviewExport.Outcome lastOutcome;

  ReviewExports(ReviewViewModel review, ReviewSession session, Texts texts, Executor fx) {
    this.review = review;
    this.session = session;
    this.texts = texts;
    this.fx = fx;
  }

  /** Mark in (epoch microseconds), -1 when not set. */
  public ReadOnlyLongProperty markInProperty() {
    return markIn.getReadOnlyProperty();
  }

  public ReadOnlyLongProperty markOutProperty() {
    return markOut.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** Of the whole export, 0..1. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** What the export is doing or how it ended, in a sentence. */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** The outcome of the last export (tests), or null. */
  public ReviewExport.Outcome lastOutcome() {
    return lastOutcome;
  }

  /** Mark in at the playhead; a mark out before it is cleared. */
  public void markIn() {
    long at = review.positionProperty().get();
    markIn.set(at);
    if (markOut.get() >= 0 && markOut.get() <= at) {
      markOut.set(-1);
    }
  }

  /** Mark out at the playhead; it must come after mark in. */
  public void markOut() {
    long at = review.positionProperty().get();
    if (markIn.get() >= 0 && at <= markIn.get()) {
      status.set(texts.get("review.export.outBeforeIn"));
      return;
    }
    markOut.set(at);
    status.set("");
  }

  public void clearMarks() {
    markIn.set(-1);
    markOut.set(-1);
  }

  /** Sets both marks at once (the event list's "export this event", tests). */
  public void mark(long in, long out) {
    if (out <= in) {
      status.set(texts.get("review.export.outBeforeIn"));
      return;
    }
    markIn.set(in);
    markOut.set(out);
  }

  /** Why the export cannot start as asked, in a sentence; empty when it can. */
  public String check(List<String> cameraIds) {
    if (running.get()) {
      return texts.get("review.export.busy");
    }
    if (markIn.get() < 0 || markOut.get() < 0) {
      return texts.get("review.export.noMarks");
    }
    if (cameraIds.isEmpty()) {
      return texts.get("review.export.noCamera");
    }
    return "";
  }

  /** Exports the marked range of the cameras into the directory; a bad request is only said. */
  public void export(List<String> cameraIds, Path directory) {
    String problem = check(cameraIds);
    if (!problem.isEmpty()) {
      status.set(problem);
      return;
    }
    List<ReviewExport.Camera> cameras = new ArrayList<>();
    for (ReviewSession.Camera c : session.cameras()) {
      if (cameraIds.contains(c.id())) {
        cameras.add(new ReviewExport.Camera(c.id(), c.name()));
      }
    }
    running.set(true);
    progress.set(0);
    status.set(texts.get("review.export.starting"));
    job =
        session
            .export()
            .start(
                new ReviewExport.Request(cameras, markIn.get(), markOut.get(), directory),
                p -> fx.execute(() -> progressed(p)),
                outcome -> fx.execute(() -> finished(outcome, directory)));
  }

  /** Stops the export at once; the file being written is deleted. */
  public void cancel() {
    if (job != null) {
      job.cancel();
      status.set(texts.get("review.export.cancelling"));
    }
  }

  private void progressed(ReviewExport.Progress p) {
    if (!running.get()) {
      return;
    }
    progress.set(p.fraction());
    status.set(
        texts.get(
            "review.export.progress",
            p.cameraName(),
            p.camera() + 1,
            p.cameras(),
            String.format(Locale.ROOT, "%.0f", p.fraction() * 100)));
  }

  private void finished(ReviewExport.Outcome outcome, Path directory) {
    lastOutcome = outcome;
    running.set(false);
    job = null;
    progress.set(outcome.cancelled() ? 0 : 1);
    String text;
    if (outcome.cancelled()) {
      text = texts.get("review.export.cancelled", outcome.files().size());
    } else if (outcome.problems().isEmpty()) {
      text =
          texts.get(
              outcome.signed() ? "review.export.doneSigned" : "review.export.done",
              outcome.files().size(),
              directory);
    } else {
      text =
          texts.get(
              "review.export.partly",
              outcome.files().size(),
              directory,
              String.join("; ", outcome.problems()));
    }
    status.set(text);
  }

  void refresh() {
    // Progress arrives by itself; nothing to poll.
  }
}
