package io.peerwall.desktop.wall;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Opening the review from the wall (issue 14.1): the toolbar button and the R key open it on the
 * cameras of the current view (at most 16, the selected tile's first) a minute ago; a tile's
 * "Rewind" plays that camera from 30 seconds ago. The window itself is the launcher's (the wall
 * window opens it); without one, as in tests of the wall alone, the actions are off.
 */
public final class WallReview {
  /** The review plays at most this many cameras at once. */
  static final int MAX_CAMERAS = 16;

  /**
   * What to open: cameras (ID and name, in tile order), where and whether to play.
   *
   * @param play whether to start playing at once (Rewind) or paused there
   */
  public record Request(List<Camera> cameras, long startMicros, boolean play) {}

  /** A camera as the wall names it. */
  public record Camera(String id, String name) {}

  private final WallViewModel wall;
  private final Clock clock;
  private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
  private Consumer<Request> launcher;

  WallReview(WallViewModel wall, Clock clock) {
    this.wall = wall;
    this.clock = clock;
  }

  /** Whether the review can be opened (the station keeps recordings). */
  public ReadOnlyBooleanProperty availableProperty() {
    return available.getReadOnlyProperty();
  }

  /** Who opens review windows; null turns the review off. */
  public void setLauncher(Consumer<Request> opens) {
    launcher = opens;
    available.set(opens != null);
  }

  /** The review of the current view, a minute ago. */
  public void open() {
    List<Camera> cameras = new ArrayList<>();
    TileViewModel selected = wall.tileAt(wall.selectedProperty().get());
    if (selected != null) {
      cameras.add(camera(selected));
    }
    for (String id : wall.slots()) {
      TileViewModel tile = wall.tile(id);
      if (tile != null && cameras.stream().noneMatch(c -> c.id().equals(id))) {
        cameras.add(camera(tile));
      }
    }
    if (cameras.isEmpty()) {
      wall.cameras().forEach(t -> cameras.add(camera(t)));
    }
    launch(
        new Request(cameras.stream().limit(MAX_CAMERAS).toList(), micros() - 60_000_000L, false));
  }

  /** The camera in this tile, played from 30 seconds ago. */
  public void rewind(int slot) {
    TileViewModel tile = wall.tileAt(slot);
    if (tile != null) {
      launch(new Request(List.of(camera(tile)), micros() - 30_000_000L, true));
    }
  }

  private void launch(Request request) {
    if (launcher != null && !request.cameras().isEmpty()) {
      launcher.accept(request);
    }
  }

  private long micros() {
    return clock.millis() * 1000;
  }

  private static Camera camera(TileViewModel tile) {
    return new Camera(tile.cameraId(), tile.titleProperty().get());
  }
}
