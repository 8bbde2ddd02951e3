package io.peerwall.desktop.wall;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.desktop.station.Feed;
import java.util.IdentityHashMap;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One camera on the wall: the video, kept at its aspect ratio, with the camera's name and status
 * over it. Frames are shown without copying: each decoder buffer is wrapped once in a {@link
 * PixelBuffer}, and a pulse only marks the newest one dirty and shows it.
 */
final class TileView extends StackPane {
  private static final PixelFormat<java.nio.ByteBuffer> BGRA = PixelFormat.getByteBgraPreInstance();

  private final TileViewModel model;
  private final ImageView video = new ImageView();
  // One image per decoder buffer; buffers are replaced when the output size changes.
  private final Map<FrameBuffer, Wrapped> wrapped = new IdentityHashMap<>();

  private record Wrapped(
      int width, int height, PixelBuffer<java.nio.ByteBuffer> pixels, WritableImage image) {}

  TileView(TileViewModel model) {
    this.model = model;
    getStyleClass().add("tile");
    video.getStyleClass().add("tile-video");
    video.setPreserveRatio(true);
    video.setSmooth(true);
    video.fitWidthProperty().bind(widthProperty());
    video.fitHeightProperty().bind(heightProperty());

    Label title = new Label();
    title.textProperty().bind(model.titleProperty());
    title.getStyleClass().add("tile-title");
    Label status = new Label();
    status.textProperty().bind(model.statusProperty());
    status.getStyleClass().add("tile-status");
    model
        .liveProperty()
        .addListener(
            (obs, was, isLive) ->
                status.pseudoClassStateChanged(LIVE, Boolean.TRUE.equals(isLive)));
    VBox overlay = new VBox(2, title, status);
    // Bottom right: cameras burn their own name and clock into the top and bottom left.
    overlay.setAlignment(Pos.BOTTOM_RIGHT);
    overlay.setPickOnBounds(false);
    overlay.getStyleClass().add("tile-overlay");
    overlay.setMaxSize(USE_PREF_SIZE, USE_PREF_SIZE);
    StackPane.setAlignment(overlay, Pos.BOTTOM_RIGHT);

    getChildren().addAll(video, overlay);
    setMinSize(80, 45);
    widthProperty().addListener(obs -> requestDecodeSize());
    heightProperty().addListener(obs -> requestDecodeSize());
  }

  private static final javafx.css.PseudoClass LIVE = javafx.css.PseudoClass.getPseudoClass("live");

  /** Decoding to the tile's own size keeps scaling off the FX thread (brief §6). */
  private void requestDecodeSize() {
    double w = getWidth();
    double h = getHeight();
    if (w < 16 || h < 16) {
      return;
    }
    // Fit 16:9 inside the tile; the decoder keeps the camera's own aspect ratio within that box.
    int width = (int) Math.min(w, h * 16 / 9);
    int height = (int) Math.min(h, w * 9 / 16);
    model.feed().requestOutputSize(width & ~1, height & ~1);
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
      PixelBuffer<java.nio.ByteBuffer> pixels =
          new PixelBuffer<>(frame.width(), frame.height(), frame.pixels(), BGRA);
      w = new Wrapped(frame.width(), frame.height(), pixels, new WritableImage(pixels));
      wrapped.put(frame, w);
    }
    w.pixels().updateBuffer(pb -> null); // whole buffer changed
    if (video.getImage() != w.image()) {
      video.setImage(w.image());
    }
    feed.stats().frameDisplayed(frame.captureEpochMicros(), nowEpochMicros);
  }
}
