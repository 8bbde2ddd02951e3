package io.peerwall.desktop.wall;

import io.peerwall.desktop.settings.SettingsStore;
import io.peerwall.desktop.settings.WallSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the wall's state into {@link WallSettings} and hands it to the store (which writes on its
 * I/O thread). Names and groups are saved only where the user changed them.
 */
final class WallPersistence {
  private WallPersistence() {}

  static void save(SettingsStore store, WallViewModel wall) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, String> groups = new LinkedHashMap<>();
    for (TileViewModel tile : wall.cameras()) {
      if (!tile.titleProperty().get().equals(tile.feed().name())) {
        names.put(tile.cameraId(), tile.titleProperty().get());
      }
      if (!tile.groupProperty().get().isEmpty()) {
        groups.put(tile.cameraId(), tile.groupProperty().get());
      }
    }
    String layoutId = wall.layoutProperty().get().id();
    List<String> tiles = new ArrayList<>(wall.slots());
    WallViews views = wall.views();
    List<WallSettings.View> saved = views.toSettings();
    String last = views.currentProperty().get();
    int tour = views.tourSeconds();
    store.update(
        s ->
            new WallSettings(
                layoutId,
                tiles,
                saved,
                last.isEmpty() ? null : last,
                tour,
                s.window(),
                s.language(),
                names,
                groups));
  }
}
