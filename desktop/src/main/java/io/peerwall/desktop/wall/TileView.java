package io.peerwall.desktop.wall;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.station.feed.Feed;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;

/**
 * One camera's picture, kept at its aspect ratio, with its name, state, stats and recording dot
 * over it, and the action to take in the middle when something is wrong. Frames are shown without
 * copying: each decoder buffer is wrapped once in a {@link PixelBuffer}, and a pulse only marks the
 * newest one dirty. When zoom is enabled (a maximized tile), the mouse wheel zooms around the
 * pointer and dragging pans; the decoder is then asked for more pixels, up to the source size.
 */
final class TileView extends StackPane {
  private static final PixelFormat<ByteBuffer> BGRA = PixelFormat.getByteBgraPreInstance();
  private static final double MAX_ZOOM = 8;

  private final TileViewModel model;
  private final ImageView video = new ImageView();
  private final Map<FrameBuffer, Wrapped> wrapped = new IdentityHashMap<>();
  private boolean zoomEnabled;
  private double zoom = 1;
  private double centerX = 0.5;
  private double centerY = 0.5;
  private double dragX;
  private double dragY;

  private record Wrapped(
      int width, int height, PixelBuffer<ByteBuffer> pixels, WritableImage image) {}

  TileView(TileViewModel model) {
    this.model = model;
    getStyleClass().add("tile");
    video.getStyleClass().add("tile-video");
    video.setPreserveRatio(true);
    // Pictures come at the tile's own size: nearest-neighbour is exact and cheaper to render.
    // Smoothing is for the zoomed-in picture of a maximized tile.
    video.setSmooth(false);
    video.fitWidthProperty().bind(widthProperty());
    video.fitHeightProperty().bind(heightProperty());
    Rectangle clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);

    Label title = label("tile-title", model);
    title.textProperty().bind(model.titleProperty());
    Circle rec = new Circle(5);
    rec.getStyleClass().add("tile-rec");
    rec.visibleProperty().bind(model.recordingProperty());
    rec.managedProperty().bind(rec.visibleProperty());
    HBox head = new HBox(6, rec, title);
    head.setAlignment(Pos.CENTER_RIGHT);
    Label status = label("tile-status", model);
    status.textProperty().bind(model.statusProperty());
    Label stats = label("tile-stats", model);
    stats.textProperty().bind(model.statsProperty());
    stats.visibleProperty().bind(model.statsProperty().isNotEmpty());
    stats.managedProperty().bind(stats.visibleProperty());
    Label recordingNote = label("tile-recording-note", model);
    recordingNote.textProperty().bind(model.recordingNoteProperty());
    recordingNote.visibleProperty().bind(model.recordingNoteProperty().isNotEmpty());
    recordingNote.managedProperty().bind(recordingNote.visibleProperty());
    VBox overlay = new VBox(1, head, status, stats, recordingNote);
    overlay.setAlignment(Pos.BOTTOM_RIGHT);
    overlay.setMouseTransparent(true);
    overlay.getStyleClass().add("tile-overlay");
    overlay.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    StackPane.setAlignment(overlay, Pos.BOTTOM_RIGHT);

    Label action = label("tile-action", model);
    action.textProperty().bind(model.actionProperty());
    action.visibleProperty().bind(model.actionProperty().isNotEmpty());
    action.setWrapText(true);
    action.setMouseTransparent(true);
    action.maxWidthProperty().bind(widthProperty().multiply(0.8));

    getChildren().addAll(video, action, overlay);
    setMinSize(40, 24);
    model.kindProperty().addListener((obs, was, now) -> showKind(was, now));
    showKind(null, model.kindProperty().get());
    widthProperty().addListener(obs -> requestDecodeSize());
    heightProperty().addListener(obs -> requestDecodeSize());
    addEventHandler(ScrollEvent.SCROLL, this::onScroll);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPress);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDrag);
  }

  private static Label label(String styleClass, TileViewModel model) {
    Label label = new Label();
    label.getStyleClass().add(styleClass);
    return label;
  }

  private void showKind(TileState was, TileState now) {
    for (TileState s : TileState.values()) {
      PseudoClass pc = PseudoClass.getPseudoClass(s.pseudoClass());
      pseudoClassStateChanged(pc, s == now);
    }
  }

  TileViewModel model() {
    return model;
  }

  /** Zoom and pan only make sense on a maximized tile; leaving it resets the zoom. */
  void setZoomEnabled(boolean enabled) {
    zoomEnabled = enabled;
    if (!enabled) {
      zoom = 1;
      video.setSmooth(false);
      centerX = 0.5;
      centerY = 0.5;
      applyViewport();
      requestDecodeSize();
    }
  }

  double zoom() {
    return zoom;
  }

  private void onScroll(ScrollEvent e) {
    if (!zoomEnabled || e.getDeltaY() == 0) {
      return;
    }
    Image image = video.getImage();
    double factor = Math.pow(1.15, e.getDeltaY() / 40.0);
    double next = Math.max(1, Math.min(MAX_ZOOM, zoom * factor));
    if (image != null && next != zoom) {
      // Keep the picture point under the pointer where it is.
      double[] p = pictureFraction(e.getX(), e.getY());
      centerX = p[0] - (p[0] - centerX) * zoom / next;
      centerY = p[1] - (p[1] - centerY) * zoom / next;
    }
    zoom = next;
    video.setSmooth(zoom > 1);
    applyViewport();
    requestDecodeSize();
    e.consume();
  }

  private void onPress(MouseEvent e) {
    dragX = e.getX();
    dragY = e.getY();
  }

  private void onDrag(MouseEvent e) {
    if (!zoomEnabled || zoom <= 1 || e.getButton() != MouseButton.PRIMARY) {
      return;
    }
    double shownW = video.getBoundsInParent().getWidth();
    double shownH = video.getBoundsInParent().getHeight();
    if (shownW > 0 && shownH > 0) {
      centerX -= (e.getX() - dragX) / shownW / zoom;
      centerY -= (e.getY() - dragY) / shownH / zoom;
      applyViewport();
    }
    dragX = e.getX();
    dragY = e.getY();
    e.consume();
  }

  /** Where a point of the tile falls on the whole picture, as fractions 0..1. */
  private double[] pictureFraction(double x, double y) {
    var b = video.getBoundsInParent();
    double fx = b.getWidth() > 0 ? (x - b.getMinX()) / b.getWidth() : 0.5;
    double fy = b.getHeight() > 0 ? (y - b.getMinY()) / b.getHeight() : 0.5;
    double half = 0.5 / zoom;
    return new double[] {centerX - half + clamp01(fx) / zoom, centerY - half + clamp01(fy) / zoom};
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private void applyViewport() {
    Image image = video.getImage();
    if (image == null || zoom <= 1) {
      video.setViewport(null);
      return;
    }
    double half = 0.5 / zoom;
    centerX = Math.max(half, Math.min(1 - half, centerX));
    centerY = Math.max(half, Math.min(1 - half, centerY));
    double w = image.getWidth();
    double h = image.getHeight();
    video.setViewport(
        new Rectangle2D((centerX - half) * w, (centerY - half) * h, w / zoom, h / zoom));
  }

  /** Decoding to the tile's own size keeps scaling off the FX thread (docs/platform-facts.md). */
  private void requestDecodeSize() {
    double w = getWidth() * zoom;
    double h = getHeight() * zoom;
    if (getWidth() < 16 || getHeight() < 16) {
      return;
    }
    // Fit 16:9 inside the tile; the decoder keeps the camera's aspect ratio within that box.
    double boxW = Math.min(w, h * 16 / 9);
    double boxH = Math.min(h, w * 9 / 16);
    FrameBuffer last = model.feed().frames().lastTaken();
    if (zoom > 1 && last != null && last.sourceWidth() > 0) {
      double cap = Math.min(1, Math.min(last.sourceWidth() / boxW, last.sourceHeight() / boxH));
      boxW *= cap;
      boxH *= cap;
    }
    model.displaySize((int) boxW & ~1, (int) boxH & ~1);
  }

  /** Shows the newest decoded frame, if there is one. FX thread, from the wall's pulse. */
  void pulse(long nowEpochMicros) {
    Feed feed = model.feed();
    FrameBuffer frame = feed.frames().takeLatest();
    if (frame == null || frame.width() == 0) {
      return;
    }
    Wrapped w = wrapped.get(frame);
    if (w == null || w.width() != frame.width() || w.height() != frame.height()) {
      if (wrapped.size() > 6) {
        wrapped.clear(); // old sizes: let their images go
      }
      PixelBuffer<ByteBuffer> pixels =
          new PixelBuffer<>(frame.width(), frame.height(), frame.pixels(), BGRA);
      w = new Wrapped(frame.width(), frame.height(), pixels, new WritableImage(pixels));
      wrapped.put(frame, w);
    }
    w.pixels().updateBuffer(pb -> null); // whole buffer changed
    if (video.getImage() != w.image()) {
      video.setImage(w.image());
      applyViewport();
    }
    feed.stats().frameDisplayed(frame.captureEpochMicros(), nowEpochMicros);
  }
}
