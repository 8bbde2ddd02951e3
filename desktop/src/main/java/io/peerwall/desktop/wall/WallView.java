package io.peerwall.desktop.wall;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import javafx.animation.AnimationTimer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;

/**
 * The wall screen: toolbar, camera list, the tiles in the current layout (or one maximized), and
 * the status bar. One {@link AnimationTimer} drives every visible tile, so all uploads happen in
 * the same pulse; the same timer refreshes the overlays and the status bar twice a second. Thin: it
 * binds to {@link WallViewModel} and forwards input to its commands.
 */
public final class WallView extends BorderPane {
  private static final long STATUS_REFRESH_NANOS = 500_000_000L;

  private final WallViewModel model;
  private final Clock clock;
  private final Map<String, TileView> tiles = new HashMap<>();
  private final List<TileView> shown = new ArrayList<>();
  private final List<SlotPane> slotPanes = new ArrayList<>();
  private final StackPane center = new StackPane();
  private final WallToolbar toolbar;
  private final CameraListView cameraList;
  private final AnimationTimer pulse;
  private LongConsumer pulseListener = nanos -> {};

  public WallView(WallViewModel model, Clock clock, Runnable onAddCamera) {
    this.model = model;
    this.clock = clock;
    getStyleClass().add("wall");
    center.getStyleClass().add("wall-center");
    toolbar = new WallToolbar(model, onAddCamera);
    cameraList = new CameraListView(model);
    setTop(toolbar);
    setLeft(cameraList);
    setCenter(center);
    setBottom(new StatusBar(model));
    BorderPane.setMargin(center, new Insets(0));

    model.layoutProperty().addListener(obs -> rebuild());
    model.slots().addListener((ListChangeListener<String>) c -> rebuild());
    model.maximizedProperty().addListener(obs -> rebuild());
    model.cameras().addListener((ListChangeListener<TileViewModel>) c -> dropGoneTiles());
    model
        .selectedProperty()
        .addListener(
            (obs, was, now) -> slotPanes.forEach(p -> p.showSelected(p.slot() == now.intValue())));
    model
        .fullScreenProperty()
        .addListener(
            (obs, was, full) -> {
              setTop(full ? null : toolbar);
              setLeft(full ? null : cameraList);
            });
    addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
    rebuild();

    pulse =
        new AnimationTimer() {
          private long lastStatus;

          @Override
          public void handle(long now) {
            long started = System.nanoTime();
            long epochMicros = epochMicros();
            for (TileView tile : shown) {
              tile.pulse(epochMicros);
            }
            if (now - lastStatus >= STATUS_REFRESH_NANOS) {
              lastStatus = now;
              model.refresh(now);
            }
            pulseListener.accept(System.nanoTime() - started);
          }
        };
  }

  /** Adds a feature's menu or button to the toolbar (before "Full screen"). */
  public void addTool(Node tool) {
    toolbar.addTool(tool);
  }

  /** Enables the toolbar's network settings button. */
  public void setOnNetworkSettings(Runnable action) {
    toolbar.setOnNetwork(action);
  }

  /** Enables the toolbar's password audit button. */
  public void setOnAudit(Runnable action) {
    toolbar.setOnAudit(action);
  }

  /** A wall without the add-camera action (no pairing available). */
  public WallView(WallViewModel model, Clock clock) {
    this(model, clock, null);
  }

  public WallViewModel model() {
    return model;
  }

  private TileView tileFor(TileViewModel vm) {
    return tiles.computeIfAbsent(vm.cameraId(), id -> new TileView(vm));
  }

  private void dropGoneTiles() {
    tiles.keySet().removeIf(id -> model.tile(id) == null);
  }

  /** Lays the tiles out again after a layout, assignment or maximize change. */
  private void rebuild() {
    Layout layout = model.layoutProperty().get();
    shown.forEach(t -> t.setZoomEnabled(false));
    shown.clear();
    slotPanes.clear();
    int max = model.maximizedProperty().get();
    if (max >= 0 && model.tileAt(max) != null) {
      TileView tile = tileFor(model.tileAt(max));
      SlotPane pane = new SlotPane(model, max, tile);
      tile.setZoomEnabled(true);
      shown.add(tile);
      slotPanes.add(pane);
      center.getChildren().setAll(pane);
      return;
    }
    GridPane grid = new GridPane();
    grid.getStyleClass().add("wall-grid");
    grid.setHgap(3);
    grid.setVgap(3);
    grid.setPadding(new Insets(3));
    for (int c = 0; c < layout.columns(); c++) {
      ColumnConstraints column = new ColumnConstraints();
      column.setPercentWidth(100.0 / layout.columns());
      column.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(column);
    }
    for (int r = 0; r < layout.rows(); r++) {
      RowConstraints row = new RowConstraints();
      row.setPercentHeight(100.0 / layout.rows());
      row.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(row);
    }
    for (int i = 0; i < layout.size(); i++) {
      Layout.Cell cell = layout.cells().get(i);
      TileViewModel vm = model.tileAt(i);
      TileView tile = vm == null ? null : tileFor(vm);
      if (tile != null) {
        shown.add(tile);
      }
      SlotPane pane = new SlotPane(model, i, tile);
      pane.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
      slotPanes.add(pane);
      grid.add(pane, cell.column(), cell.row(), cell.columnSpan(), cell.rowSpan());
    }
    center.getChildren().setAll(grid);
  }

  private void onKey(KeyEvent e) {
    Node focus = getScene() == null ? null : getScene().getFocusOwner();
    if (focus instanceof TextInputControl) {
      return;
    }
    if (WallKeys.handle(e, model, toolbar)) {
      e.consume();
    }
  }

  private long epochMicros() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** The tile views on screen now, in slot order (tests and the benchmark look at them). */
  List<TileView> shownTiles() {
    return List.copyOf(shown);
  }

  /** Gets the FX-thread time of each pulse's uploads and refresh (for the benchmark). */
  public void onPulse(LongConsumer durationNanos) {
    this.pulseListener = durationNanos;
  }

  public void start() {
    pulse.start();
  }

  public void stop() {
    pulse.stop();
  }
}
