package io.peerwall.desktop.review;

import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.Thumbnail;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * The review's timeline as a control: a still layer ({@link TimelinePainter}: ruler, thumbnails,
 * tracks), redrawn only when what it shows changes, under a light layer redrawn as the playhead
 * moves (playhead, now, mark in and out). Gestures: the wheel zooms around the pointer, dragging
 * the background pans, dragging on the ruler or the playhead scrubs (pictures follow), a click
 * shows the exact frame there and selects the camera of the track clicked. Thin: it draws what it
 * is given and reports gestures.
 */
public final class TimelineCanvas extends Region {
  /** What the timeline reports; the review's view-model does the work. */
  public interface Gestures {
    void scrub(long t);

    void endScrub(long t);

    void seek(long t);

    void pan(long micros);

    void zoom(double factor, long anchor);

    void select(int camera);
  }

  private static final double GRAB = 6;

  private final Canvas still = new Canvas();
  private final Canvas overlay = new Canvas();
  private final TimelinePainter painter = new TimelinePainter();
  private final Gestures gestures;
  private final ZoneId zone;
  private final Locale locale;
  private final LongSupplier now;
  private TimeScale scale = TimeScale.ending(0, TimeScale.HOUR);
  private TimelineView view;
  private List<String> names = List.of();
  private String summaryName = "";
  private int selected;
  private Map<Long, Thumbnail> thumbnails = Map.of();
  private long slotMicros = 1;
  private long position;
  private long markIn = -1;
  private long markOut = -1;
  private boolean stillDirty = true;
  private boolean overlayDirty = true;
  private Drag drag;
  private double pressX;
  private double lastX;
  private LongConsumer onStillDrawn = nanos -> {};

  private enum Drag {
    SCRUB,
    PAN
  }

  public TimelineCanvas(Gestures gestures, ZoneId zone, Locale locale, LongSupplier nowMicros) {
    this.gestures = gestures;
    this.zone = zone;
    this.locale = locale;
    this.now = nowMicros;
    getStyleClass().add("review-timeline");
    overlay.setMouseTransparent(true);
    getChildren().addAll(still, overlay);
    setMinHeight(TimelinePainter.RULER + TimelinePainter.STRIP + TimelinePainter.SUMMARY + 40);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
    addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    addEventHandler(ScrollEvent.SCROLL, this::scrolled);
  }

  // ---- what to show (FX thread) ----

  public void setScale(TimeScale s) {
    if (!s.equals(scale)) {
      scale = s;
      stillDirty = true;
      overlayDirty = true;
    }
  }

  public void setView(TimelineView v) {
    view = v;
    stillDirty = true;
  }

  public void setCameras(List<String> cameraNames, String summary) {
    names = List.copyOf(cameraNames);
    summaryName = summary;
    stillDirty = true;
  }

  public void setSelected(int index) {
    selected = index;
    stillDirty = true;
  }

  public void setThumbnails(Map<Long, Thumbnail> shown, long slot) {
    thumbnails = shown;
    slotMicros = slot;
    stillDirty = true;
  }

  public void setPosition(long micros) {
    if (micros != position) {
      position = micros;
      overlayDirty = true;
    }
  }

  public void setMarks(long in, long out) {
    markIn = in;
    markOut = out;
    overlayDirty = true;
  }

  /** Asks for the still layer to be drawn again at the next pulse (new thumbnails, say). */
  public void invalidate() {
    stillDirty = true;
  }

  /** Gets the time each still-layer draw took on the FX thread (the benchmark). */
  public void onStillDrawn(LongConsumer nanos) {
    onStillDrawn = nanos;
  }

  /** The plot's width in pixels (the timeline's resolution). */
  public double plotWidth() {
    return Math.max(1, getWidth() - TimelinePainter.LABELS);
  }

  /** Draws what changed; the screen calls it on every pulse. */
  public void pulse() {
    double w = getWidth();
    double h = getHeight();
    if (w < 20 || h < 20) {
      return;
    }
    if (still.getWidth() != w || still.getHeight() != h) {
      still.setWidth(w);
      still.setHeight(h);
      overlay.setWidth(w);
      overlay.setHeight(h);
      stillDirty = true;
      overlayDirty = true;
    }
    if (stillDirty) {
      stillDirty = false;
      long started = System.nanoTime();
      painter.paint(
          still.getGraphicsContext2D(),
          w,
          h,
          new TimelinePainter.Scene(
              scale, view, names, selected, zone, locale, thumbnails, slotMicros, summaryName));
      onStillDrawn.accept(System.nanoTime() - started);
      overlayDirty = true;
    }
    if (overlayDirty) {
      overlayDirty = false;
      drawOverlay(w, h);
    }
  }

  private void drawOverlay(double w, double h) {
    GraphicsContext g = overlay.getGraphicsContext2D();
    g.clearRect(0, 0, w, h);
    double plot = w - TimelinePainter.LABELS;
    if (markIn >= 0 || markOut >= 0) {
      long from = markIn >= 0 ? markIn : scale.fromMicros();
      long to = markOut >= 0 ? markOut : position;
      double x0 = xOf(Math.min(from, to), plot);
      double x1 = xOf(Math.max(from, to), plot);
      g.setFill(Color.web("#4d8dff", 0.18));
      g.fillRect(x0, TimelinePainter.RULER, Math.max(1, x1 - x0), h - TimelinePainter.RULER);
      g.setFill(Color.web("#4d8dff"));
      if (markIn >= 0) {
        g.fillRect(xOf(markIn, plot) - 1, 0, 2, h);
      }
      if (markOut >= 0) {
        g.fillRect(xOf(markOut, plot) - 1, 0, 2, h);
      }
    }
    double nowX = xOf(now.getAsLong(), plot);
    if (nowX >= TimelinePainter.LABELS && nowX <= w) {
      g.setFill(Color.web("#ff6b5e"));
      g.fillRect(nowX, 0, 1, h);
    }
    double x = xOf(position, plot);
    if (x >= TimelinePainter.LABELS && x <= w) {
      g.setFill(Color.WHITE);
      g.fillRect(Math.round(x) - 0.5, 0, 2, h);
      g.fillPolygon(new double[] {x - 6, x + 7, x + 0.5}, new double[] {0, 0, 9}, 3);
    }
  }

  private double xOf(long t, double plot) {
    return TimelinePainter.LABELS + scale.x(t, plot);
  }

  private long timeAt(double x) {
    return scale.time(x - TimelinePainter.LABELS, plotWidth());
  }

  // ---- gestures ----

  private void pressed(MouseEvent e) {
    if (e.getButton() != MouseButton.PRIMARY) {
      return;
    }
    requestFocus();
    pressX = e.getX();
    lastX = e.getX();
    boolean onRuler = e.getY() < TimelinePainter.RULER;
    boolean onPlayhead = Math.abs(e.getX() - xOf(position, plotWidth())) <= GRAB;
    if (e.getX() >= TimelinePainter.LABELS && (onRuler || onPlayhead)) {
      drag = Drag.SCRUB;
      gestures.scrub(timeAt(e.getX()));
    } else {
      drag = Drag.PAN;
    }
    e.consume();
  }

  private void dragged(MouseEvent e) {
    if (drag == Drag.SCRUB) {
      gestures.scrub(timeAt(Math.max(TimelinePainter.LABELS, e.getX())));
    } else if (drag == Drag.PAN && e.getX() != lastX) {
      long micros = Math.round(-(e.getX() - lastX) / plotWidth() * scale.span());
      gestures.pan(micros);
    }
    lastX = e.getX();
    e.consume();
  }

  private void released(MouseEvent e) {
    if (drag == Drag.SCRUB) {
      gestures.endScrub(timeAt(Math.max(TimelinePainter.LABELS, e.getX())));
    } else if (drag == Drag.PAN && Math.abs(e.getX() - pressX) < 3) {
      // A click: the camera of the track, and the exact frame at that time.
      int track = trackAt(e.getY());
      if (track >= 0) {
        gestures.select(track);
      }
      if (e.getX() >= TimelinePainter.LABELS) {
        gestures.seek(timeAt(e.getX()));
      }
    }
    drag = null;
    e.consume();
  }

  private void scrolled(ScrollEvent e) {
    if (e.getDeltaY() == 0) {
      return;
    }
    double factor = Math.pow(1.25, -e.getDeltaY() / 40.0);
    gestures.zoom(factor, timeAt(Math.max(TimelinePainter.LABELS, e.getX())));
    e.consume();
  }

  /** The camera track at y, or -1. */
  int trackAt(double y) {
    double h = getHeight();
    for (int i = 0; i < names.size(); i++) {
      double top = TimelinePainter.trackTop(h, names.size(), i);
      if (y >= top && y < top + TimelinePainter.trackHeight(h, names.size())) {
        return i;
      }
    }
    return -1;
  }

  @Override
  protected void layoutChildren() {
    // The canvases are sized in pulse(), when they are drawn.
  }
}
