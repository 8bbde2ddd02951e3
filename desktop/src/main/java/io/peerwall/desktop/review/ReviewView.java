package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.feed.Feed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import javafx.animation.AnimationTimer;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

/**
 * The review screen: the toolbar, the cameras' tiles (up to 16, in a grid) beside the motion
 * events, the timeline, and a bar for marks, exports and messages. One {@link AnimationTimer}
 * refreshes the view-model and uploads every tile's newest picture in the same pulse, and redraws
 * what changed on the timeline. Thin: binds to {@link ReviewViewModel} and forwards input.
 */
public final class ReviewView extends BorderPane {
  private final ReviewViewModel review;
  private final Texts texts;
  private final List<ReviewTileView> tiles = new ArrayList<>();
  private final TimelineCanvas timeline;
  private final ReviewControls controls;
  private final EventListView events;
  private final AnimationTimer pulse;
  private Path exportFolder;
  private LongConsumer pulseListener = nanos -> {};

  /**
   * @param liveFeeds the station's live feeds by camera ID (shown while live), possibly empty
   * @param exportFolder where exports go unless the user picks another folder
   */
  public ReviewView(
      ReviewViewModel review, Map<String, ? extends Feed> liveFeeds, Path exportFolder) {
    this.review = review;
    this.texts = review.texts();
    this.exportFolder = exportFolder;
    getStyleClass().add("review");
    controls = new ReviewControls(review);
    setTop(controls);

    GridPane grid = new GridPane();
    grid.getStyleClass().add("review-grid");
    grid.setHgap(3);
    grid.setVgap(3);
    grid.setPadding(new Insets(3));
    List<ReviewTileModel> models = review.tiles();
    int columns = (int) Math.ceil(Math.sqrt(models.size()));
    int rows = (int) Math.ceil(models.size() / (double) columns);
    for (int c = 0; c < columns; c++) {
      ColumnConstraints column = new ColumnConstraints();
      column.setPercentWidth(100.0 / columns);
      column.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(column);
    }
    for (int r = 0; r < rows; r++) {
      RowConstraints row = new RowConstraints();
      row.setPercentHeight(100.0 / rows);
      row.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(row);
    }
    for (int i = 0; i < models.size(); i++) {
      ReviewTileView tile =
          new ReviewTileView(models.get(i), liveFeeds.get(models.get(i).cameraId()));
      int index = i;
      tile.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> review.select(index));
      tile.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
      tiles.add(tile);
      grid.add(tile, i % columns, i / columns);
    }
    events = new EventListView(review);
    SplitPane middle = new SplitPane(grid, events);
    middle.setOrientation(Orientation.HORIZONTAL);
    middle.setDividerPositions(0.76);
    SplitPane.setResizableWithParent(events, false);

    timeline =
        new TimelineCanvas(
            new TimelineCanvas.Gestures() {
              @Override
              public void scrub(long t) {
                review.scrub(t);
              }

              @Override
              public void endScrub(long t) {
                review.endScrub(t);
                controls.showPosition();
              }

              @Override
              public void seek(long t) {
                review.seek(t);
                controls.showPosition();
              }

              @Override
              public void pan(long micros) {
                review.pan(micros);
              }

              @Override
              public void zoom(double factor, long anchor) {
                review.zoom(factor, anchor);
              }

              @Override
              public void select(int camera) {
                review.select(camera);
              }
            },
            review.zone(),
            texts.locale(),
            review::now);
    timeline.setCameras(
        review.cameras().stream().map(c -> c.name()).toList(), texts.get("review.timeline.all"));
    double trackArea = TimelinePainter.RULER + TimelinePainter.STRIP + TimelinePainter.SUMMARY;
    timeline.setPrefHeight(trackArea + 8 + Math.min(16, models.size()) * 20);
    timeline.setFocusTraversable(true);

    VBox bottom = new VBox(timeline, exportBar());
    VBox.setVgrow(timeline, Priority.ALWAYS);
    SplitPane whole = new SplitPane(middle, bottom);
    whole.setOrientation(Orientation.VERTICAL);
    whole.setDividerPositions(0.62);
    setCenter(whole);

    review.windowProperty().addListener((o, was, now) -> timeline.setScale(now));
    review.timelineProperty().addListener((o, was, now) -> timeline.setView(now));
    review.selectedProperty().addListener((o, was, now) -> showSelected());
    review
        .strip()
        .thumbnails()
        .addListener(
            (MapChangeListener<Long, io.peerwall.station.review.Thumbnail>)
                c ->
                    timeline.setThumbnails(
                        review.strip().thumbnails(), review.strip().slotProperty().get()));
    review.exports().markInProperty().addListener(o -> showMarks());
    review.exports().markOutProperty().addListener(o -> showMarks());
    timeline.setScale(review.windowProperty().get());
    timeline.widthProperty().addListener(o -> review.setTimelineWidth(timeline.plotWidth()));
    showSelected();
    addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);

    pulse =
        new AnimationTimer() {
          private long lastPicker;

          @Override
          public void handle(long now) {
            long started = System.nanoTime();
            review.refresh();
            long micros = review.now();
            boolean live = review.liveProperty().get();
            for (ReviewTileView tile : tiles) {
              tile.pulse(micros, live);
            }
            timeline.setPosition(review.positionProperty().get());
            timeline.pulse();
            if (now - lastPicker > 500_000_000L) {
              lastPicker = now;
              controls.showPosition(); // unless someone is typing there
            }
            pulseListener.accept(System.nanoTime() - started);
          }
        };
  }

  private Node exportBar() {
    ReviewExports exports = review.exports();
    Button in = new Button(texts.get("review.markIn"));
    in.getStyleClass().add("review-mark-in");
    in.setOnAction(e -> exports.markIn());
    Button out = new Button(texts.get("review.markOut"));
    out.getStyleClass().add("review-mark-out");
    out.setOnAction(e -> exports.markOut());
    Button export = new Button(texts.get("review.export"));
    export.getStyleClass().addAll("review-export", "accent");
    export.setOnAction(e -> export());
    export.disableProperty().bind(exports.runningProperty());
    ProgressBar progress = new ProgressBar();
    progress.getStyleClass().add("review-export-progress");
    progress.progressProperty().bind(exports.progressProperty());
    progress.visibleProperty().bind(exports.runningProperty());
    progress.managedProperty().bind(progress.visibleProperty());
    Button cancel = new Button(texts.get("review.export.cancel"));
    cancel.getStyleClass().add("review-export-cancel");
    cancel.setOnAction(e -> exports.cancel());
    cancel.visibleProperty().bind(exports.runningProperty());
    cancel.managedProperty().bind(cancel.visibleProperty());
    Label status = new Label();
    status.getStyleClass().add("review-export-status");
    status.textProperty().bind(exports.statusProperty());
    Label message = new Label();
    message.getStyleClass().add("review-message");
    message.textProperty().bind(review.messageProperty());
    Pane spring = new Pane();
    HBox.setHgrow(spring, Priority.ALWAYS);
    HBox bar = new HBox(8, in, out, export, progress, cancel, status, spring, message);
    bar.getStyleClass().add("review-bar");
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 8, 4, 8));
    return bar;
  }

  /** Asks which cameras and folder, then exports the marked range in the background. */
  void export() {
    String problem = review.exports().check(List.of(review.cameras().get(0).id()));
    if (!problem.isEmpty()) {
      review.exports().export(List.of(), exportFolder); // says why, exports nothing
      return;
    }
    new ExportDialog(getScene().getWindow(), review, exportFolder)
        .showAndWait()
        .ifPresent(
            choice -> {
              exportFolder = choice.directory();
              review.exports().export(choice.cameraIds(), choice.directory());
            });
  }

  private void showSelected() {
    int selected = review.selectedProperty().get();
    for (int i = 0; i < tiles.size(); i++) {
      tiles.get(i).showSelected(i == selected);
    }
    timeline.setSelected(selected);
  }

  private void showMarks() {
    timeline.setMarks(
        review.exports().markInProperty().get(), review.exports().markOutProperty().get());
  }

  private void onKey(KeyEvent e) {
    Node focus = getScene() == null ? null : getScene().getFocusOwner();
    if (focus instanceof TextInputControl) {
      return;
    }
    if (ReviewKeys.handle(e, review, this::export)) {
      e.consume();
      controls.showPosition();
    }
  }

  public ReviewViewModel model() {
    return review;
  }

  /** The tiles in order (tests and the benchmark look at them). */
  List<ReviewTileView> tileViews() {
    return List.copyOf(tiles);
  }

  TimelineCanvas timeline() {
    return timeline;
  }

  EventListView eventList() {
    return events;
  }

  /** Gets the FX-thread time of each pulse (the benchmark). */
  public void onPulse(LongConsumer nanos) {
    pulseListener = nanos;
  }

  /**
   * Starts the pulse once the window is shown. The timeline takes the focus: the shortcuts work at
   * once, and the date and time picker (else the first control to get it) follows the playhead.
   */
  public void start() {
    timeline.requestFocus();
    pulse.start();
  }

  public void stop() {
    pulse.stop();
  }
}
