package io.peerwall.desktop.review;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.review.CameraPlayer;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * One camera's picture in the review, shown without copying (each player buffer wrapped once in a
 * {@link PixelBuffer}, as on the wall), with its name, what it shows in words and a LIVE badge.
 * While live, if the station shows this camera's live feed (the wall decodes it), that picture is
 * shown instead and the player decodes nothing; a feed whose picture is older than two seconds (the
 * wall does not show it) leaves the player to follow the recording.
 */
final class ReviewTileView extends StackPane {
  private static final PixelFormat<ByteBuffer> BGRA = PixelFormat.getByteBgraPreInstance();
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass DIMMED = PseudoClass.getPseudoClass("dimmed");
  private static final long FRESH_MICROS = 2_000_000;

  private final ReviewTileModel model;
  private final Feed liveFeed;
  private final ImageView video = new ImageView();
  private final Map<FrameBuffer, Wrapped> wrapped = new IdentityHashMap<>();
  private long displayed;
  private long lastShownMicros = -1;

  private record Wrapped(PixelBuffer<ByteBuffer> pixels, WritableImage image) {}

  ReviewTileView(ReviewTileModel model, Feed liveFeed) {
    this.model = model;
    this.liveFeed = liveFeed;
    getStyleClass().add("review-tile");
    video.setPreserveRatio(true);
    video.setSmooth(false);
    video.fitWidthProperty().bind(widthProperty());
    video.fitHeightProperty().bind(heightProperty());
    Rectangle clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);

    Label name = new Label(model.name());
    name.getStyleClass().add("review-tile-name");
    Label live = new Label();
    live.getStyleClass().add("review-tile-live");
    live.textProperty().bind(model.liveProperty().map(l -> l ? "LIVE" : ""));
    live.visibleProperty().bind(model.liveProperty());
    StackPane.setAlignment(name, Pos.TOP_LEFT);
    StackPane.setAlignment(live, Pos.TOP_RIGHT);
    Label state = new Label();
    state.getStyleClass().add("review-tile-state");
    state.textProperty().bind(model.stateProperty());
    state.visibleProperty().bind(model.stateProperty().isNotEmpty());
    state.setWrapText(true);
    Label notice = new Label();
    notice.getStyleClass().add("review-tile-notice");
    notice.textProperty().bind(model.noticeProperty());
    notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
    notice.setWrapText(true);
    VBox words = new VBox(4, state, notice);
    words.setAlignment(Pos.CENTER);
    words.setMouseTransparent(true);
    words.maxWidthProperty().bind(widthProperty().multiply(0.85));
    words.setMaxHeight(USE_PREF_SIZE);
    getChildren().addAll(video, words, name, live);
    setMinSize(60, 34);
    model.dimmedProperty().addListener((o, was, now) -> pseudoClassStateChanged(DIMMED, now));
    widthProperty().addListener(o -> requestSize());
    heightProperty().addListener(o -> requestSize());
  }

  ReviewTileModel model() {
    return model;
  }

  void showSelected(boolean selected) {
    pseudoClassStateChanged(SELECTED, selected);
  }

  /** Pictures shown since the tile was made (the benchmark counts them). */
  long displayed() {
    return displayed;
  }

  /** The time of the picture on screen, -1 before the first. */
  long shownMicros() {
    return lastShownMicros;
  }

  /** Decoding to the tile's own size keeps scaling off the FX thread (as on the wall). */
  private void requestSize() {
    double w = getWidth();
    double h = getHeight();
    if (w < 16 || h < 16) {
      return;
    }
    double boxW = Math.min(w, h * 16 / 9);
    double boxH = Math.min(h, w * 9 / 16);
    model.player().requestOutputSize((int) boxW & ~1, (int) boxH & ~1);
  }

  /** Shows the newest picture. FX thread, from the review's pulse. */
  void pulse(long nowMicros, boolean live) {
    CameraPlayer player = model.player();
    if (live && liveFeed != null) {
      FrameBuffer feedFrame = liveFeed.frames().lastTaken();
      boolean fresh =
          feedFrame != null
              && feedFrame.hasFrame()
              && nowMicros - feedFrame.captureEpochMicros() < FRESH_MICROS;
      player.showLiveElsewhere(fresh);
      if (fresh) {
        show(feedFrame, feedFrame.captureEpochMicros());
        return;
      }
    } else {
      player.showLiveElsewhere(false);
    }
    FrameBuffer frame = player.frames().takeLatest();
    if (frame != null && frame.hasFrame()) {
      show(frame, frame.ptsMicros());
    }
  }

  private void show(FrameBuffer frame, long micros) {
    Wrapped w = wrapped.get(frame);
    if (w == null) {
      if (wrapped.size() > 8) {
        wrapped.clear(); // buffers of old sizes: let their images go
      }
      PixelBuffer<ByteBuffer> pixels =
          new PixelBuffer<>(frame.width(), frame.height(), frame.pixels(), BGRA);
      w = new Wrapped(pixels, new WritableImage(pixels));
      wrapped.put(frame, w);
    }
    if (micros != lastShownMicros || video.getImage() != w.image()) {
      w.pixels().updateBuffer(pb -> null);
      displayed++;
    }
    if (video.getImage() != w.image()) {
      video.setImage(w.image());
    }
    lastShownMicros = micros;
  }
}
