package io.peerwall.desktop.wall;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;

/**
 * The wall: a grid of tiles and a status bar. One {@link AnimationTimer} drives every tile, so all
 * uploads happen in the same pulse; a slower timer refreshes the text overlays.
 */
public final class WallView extends BorderPane {
  private static final long STATUS_REFRESH_NANOS = 500_000_000L;

  private final WallViewModel model;
  private final List<TileView> tiles = new ArrayList<>();
  private final Clock clock;
  private final AnimationTimer pulse;

  public WallView(WallViewModel model, Clock clock) {
    this.model = model;
    this.clock = clock;
    getStyleClass().add("wall");
    GridPane grid = new GridPane();
    grid.getStyleClass().add("wall-grid");
    grid.setHgap(4);
    grid.setVgap(4);
    grid.setPadding(new Insets(4));
    for (int c = 0; c < model.columns(); c++) {
      ColumnConstraints column = new ColumnConstraints();
      column.setPercentWidth(100.0 / model.columns());
      column.setHgrow(Priority.ALWAYS);
      grid.getColumnConstraints().add(column);
    }
    for (int r = 0; r < model.rows(); r++) {
      RowConstraints row = new RowConstraints();
      row.setPercentHeight(100.0 / model.rows());
      row.setVgrow(Priority.ALWAYS);
      grid.getRowConstraints().add(row);
    }
    int index = 0;
    for (TileViewModel tileModel : model.tiles()) {
      TileView tile = new TileView(tileModel);
      tiles.add(tile);
      grid.add(tile, index % model.columns(), index / model.columns());
      index++;
    }
    setCenter(grid);

    Label summary = new Label();
    summary.textProperty().bind(model.summaryProperty());
    summary.getStyleClass().add("status-bar");
    summary.setMaxWidth(Double.MAX_VALUE);
    setBottom(summary);

    pulse =
        new AnimationTimer() {
          private long lastStatus;

          @Override
          public void handle(long now) {
            long epochMicros = epochMicros();
            for (TileView tile : tiles) {
              tile.pulse(epochMicros);
            }
            if (now - lastStatus >= STATUS_REFRESH_NANOS) {
              lastStatus = now;
              model.refresh(now);
            }
          }
        };
  }

  private long epochMicros() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  public void start() {
    pulse.start();
  }

  public void stop() {
    pulse.stop();
  }
}
