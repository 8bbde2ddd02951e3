package io.peerwall.desktop.wall;

import io.peerwall.desktop.settings.SettingsStore;
import io.peerwall.desktop.settings.WallSettings;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.feed.Feed;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The wall screen: its cameras, the layout and which camera sits in which tile, the maximized and
 * selected tile and full screen ({@link WallFocus}), named views and the tour ({@link WallViews}),
 * and the status bar ({@link WallStatus}). Holds no JavaFX nodes (only javafx.base properties), so
 * it is tested without a toolkit; the view binds to the read-only properties and calls the command
 * methods. Everything here runs on the FX thread and never blocks: persistence is handed to {@link
 * SettingsStore}, which writes on its I/O thread.
 */
public final class WallViewModel {
  private final Texts texts;
  private final Clock clock;
  private final SettingsStore store;
  private final Map<String, TileViewModel> byId = new LinkedHashMap<>();
  private final ObservableList<TileViewModel> cameras = FXCollections.observableArrayList();
  private final ObservableList<String> slots = FXCollections.observableArrayList();
  // One read-only wrapper each: a wrapper's listeners live only as long as the wrapper.
  private final ObservableList<TileViewModel> camerasView =
      FXCollections.unmodifiableObservableList(cameras);
  private final ObservableList<String> slotsView = FXCollections.unmodifiableObservableList(slots);
  private final ReadOnlyObjectWrapper<Layout> layout = new ReadOnlyObjectWrapper<>();
  private final WallFocus focus = new WallFocus(this);
  private final WallStatus status;
  private final WallViews views;
  private final WallReview review;
  private Consumer<WallEvent> events = e -> {};
  private SnapshotWriter snapshots;
  private Consumer<Feed> onCameraRemoved = f -> {};

  public WallViewModel(List<? extends Feed> feeds, Texts texts, Clock clock) {
    this(feeds, texts, clock, ZoneId.systemDefault(), () -> -1, null);
  }

  /**
   * @param processCpu this process's CPU load, 0..1 of all cores, negative if unknown; must be
   *     cheap (a sampled value, see {@link SystemLoad})
   * @param store where the wall's state is kept, or null to keep nothing
   */
  public WallViewModel(
      List<? extends Feed> feeds,
      Texts texts,
      Clock clock,
      ZoneId zone,
      DoubleSupplier processCpu,
      SettingsStore store) {
    this.texts = texts;
    this.clock = clock;
    this.status = new WallStatus(texts, processCpu);
    this.store = store;
    this.views = new WallViews(this);
    this.review = new WallReview(this, clock);
    WallSettings saved = store == null ? WallSettings.empty() : store.current();
    for (Feed feed : feeds) {
      TileViewModel tile = new TileViewModel(feed, texts, zone);
      byId.put(feed.cameraId(), tile);
      cameras.add(tile);
    }
    for (TileViewModel tile : cameras) {
      tile.rename(saved.names().get(tile.cameraId()));
      tile.setGroup(saved.groups().get(tile.cameraId()));
    }
    views.restore(saved);
    Layout initial = Layout.byId(Objects.requireNonNullElse(saved.layout(), "")).orElse(null);
    if (initial != null && !saved.tiles().isEmpty()) {
      // Empty tiles are filled with cameras not on the wall: a camera that is gone (removed, or
      // a new identity) must not leave the wall blank after a restart.
      show(initial, saved.tiles(), false, true);
    } else {
      show(Layout.fitting(feeds.size()), List.of(), false);
    }
  }

  // ---- read-only state ----

  public Texts texts() {
    return texts;
  }

  /** Every camera of the station, in the order they were added (the camera list). */
  public ObservableList<TileViewModel> cameras() {
    return camerasView;
  }

  /** Camera ID per tile of the current layout; null for an empty tile. */
  public ObservableList<String> slots() {
    return slotsView;
  }

  public ReadOnlyObjectProperty<Layout> layoutProperty() {
    return layout.getReadOnlyProperty();
  }

  /** The maximized tile's index, or -1. */
  public ReadOnlyIntegerProperty maximizedProperty() {
    return focus.maximizedProperty();
  }

  /** The tile keyboard commands act on. */
  public ReadOnlyIntegerProperty selectedProperty() {
    return focus.selectedProperty();
  }

  public ReadOnlyBooleanProperty fullScreenProperty() {
    return focus.fullScreenProperty();
  }

  /** The status bar: cameras live, CPU, bandwidth. */
  public WallStatus status() {
    return status;
  }

  /** Named views and the tour. */
  public WallViews views() {
    return views;
  }

  /** Opening the review (toolbar, R key, a tile's Rewind). */
  public WallReview review() {
    return review;
  }

  /** The tile of a camera, or null. */
  public TileViewModel tile(String cameraId) {
    return cameraId == null ? null : byId.get(cameraId);
  }

  /** The tile in a slot, or null when the slot is empty or out of range. */
  public TileViewModel tileAt(int slot) {
    return slot >= 0 && slot < slots.size() ? tile(slots.get(slot)) : null;
  }

  /** Where notifications go (the view shows them). */
  public void onEvent(Consumer<WallEvent> listener) {
    this.events = Objects.requireNonNull(listener);
  }

  void emit(WallEvent event) {
    events.accept(event);
  }

  // ---- commands ----

  /** Switches the layout, keeping cameras in tile order and filling new tiles. */
  public void selectLayout(Layout next) {
    show(next, new ArrayList<>(slots), true);
    views.leftView();
  }

  /** Puts a camera (from the camera list) on a tile; if it was on another tile, the two swap. */
  public void assign(String cameraId, int slot) {
    if (!byId.containsKey(cameraId) || slot < 0 || slot >= slots.size()) {
      return;
    }
    int from = slots.indexOf(cameraId);
    if (from == slot) {
      return;
    }
    if (from >= 0) {
      swap(from, slot);
      return;
    }
    slots.set(slot, cameraId);
    changed();
  }

  /** Swaps the cameras of two tiles (dragging one tile onto another). */
  public void swap(int a, int b) {
    if (a == b || a < 0 || b < 0 || a >= slots.size() || b >= slots.size()) {
      return;
    }
    String first = slots.get(a);
    slots.set(a, slots.get(b));
    slots.set(b, first);
    changed();
  }

  /** Empties a tile (the camera stays in the list). */
  public void clearTile(int slot) {
    if (slot >= 0 && slot < slots.size() && slots.get(slot) != null) {
      if (focus.maximized() == slot) {
        focus.restore();
      }
      slots.set(slot, null);
      changed();
    }
  }

  /** Adds a camera (e.g. just paired) and puts it on the first empty tile, if any. */
  public TileViewModel addCamera(Feed feed, ZoneId zone) {
    TileViewModel existing = byId.get(feed.cameraId());
    if (existing != null) {
      return existing;
    }
    TileViewModel tile = new TileViewModel(feed, texts, zone);
    byId.put(feed.cameraId(), tile);
    cameras.add(tile);
    int empty = slots.indexOf(null);
    if (empty >= 0) {
      slots.set(empty, feed.cameraId());
    }
    changed();
    String name = tile.titleProperty().get();
    String key = empty >= 0 ? "notify.added" : "notify.addedOffWall";
    emit(new WallEvent(WallEvent.Kind.INFO, name, texts.get(key, name)));
    return tile;
  }

  /** Takes a camera off the wall and out of the list. */
  public Feed removeCamera(String cameraId) {
    TileViewModel tile = byId.remove(cameraId);
    if (tile == null) {
      return null;
    }
    int slot = slots.indexOf(cameraId);
    if (slot >= 0) {
      clearTile(slot);
    }
    cameras.remove(tile);
    tile.setVisible(false);
    changed();
    onCameraRemoved.accept(tile.feed());
    return tile.feed();
  }

  /** Gives a camera the name the wall shows (blank names are ignored). */
  public void rename(String cameraId, String name) {
    TileViewModel tile = byId.get(cameraId);
    if (tile != null && tile.rename(name)) {
      changed();
    }
  }

  /** Puts a camera in a group of the camera list (empty for none). */
  public void setGroup(String cameraId, String group) {
    TileViewModel tile = byId.get(cameraId);
    if (tile != null) {
      tile.setGroup(group);
      changed();
    }
  }

  // ---- focus (WallFocus): selection, the maximized tile, full screen ----

  /** Shows one tile alone, as large as the wall (double-click, Enter). */
  public void maximize(int slot) {
    focus.maximize(slot);
  }

  /** Back to the whole layout (Esc). */
  public void restore() {
    focus.restore();
  }

  public void toggleMaximized(int slot) {
    focus.toggleMaximized(slot);
  }

  /**
   * Esc: leave the maximized tile first, then full screen.
   *
   * @return whether there was something to leave
   */
  public boolean escape() {
    return focus.escape();
  }

  public void select(int slot) {
    focus.select(slot);
  }

  /** Arrow keys: moves the selection to the neighbouring tile in that direction. */
  public void moveSelection(int dx, int dy) {
    focus.moveSelection(dx, dy);
  }

  public void toggleFullScreen() {
    focus.toggleFullScreen();
  }

  /** The window left or entered full screen by itself (e.g. the window manager). */
  public void fullScreenChanged(boolean isFullScreen) {
    focus.fullScreenChanged(isFullScreen);
  }

  /** Remembers where the window is (written with the rest of the settings, off this thread). */
  public void windowMoved(WallSettings.Window window) {
    if (store != null) {
      store.update(s -> s.withWindow(window));
    }
  }

  /**
   * Status timer (2 Hz, FX thread): refreshes every tile and the status bar, advances the tour and
   * raises notifications for cameras that went down, came back or refused the station.
   */
  public void refresh(long nowNanos) {
    status.refresh(cameras, nowNanos, clock.millis(), events);
    views.tick(nowNanos);
  }

  /** Told of a camera taken off the station (to end its session, off the FX thread). */
  public void onCameraRemoved(Consumer<Feed> listener) {
    this.onCameraRemoved = Objects.requireNonNull(listener);
  }

  /** Where snapshots go; without one the menu item says snapshots are not available. */
  public void useSnapshots(SnapshotWriter writer) {
    this.snapshots = writer;
  }

  /** Saves the picture a tile shows now as a PNG (written off the FX thread). */
  public void snapshot(int slot) {
    TileViewModel tile = tileAt(slot);
    if (tile != null) {
      SnapshotWriter.snapshot(snapshots, tile, texts, this::emit);
    }
  }

  // ---- internals shared with WallViews and WallFocus ----

  Layout layout() {
    return layout.get();
  }

  /** Shows a layout with cameras per tile; unknown cameras leave a tile empty. */
  void show(Layout next, List<String> cameraIds, boolean save) {
    show(next, cameraIds, save, cameraIds.size() < next.size() || save);
  }

  private void show(Layout next, List<String> cameraIds, boolean save, boolean fill) {
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      String id = i < cameraIds.size() ? cameraIds.get(i) : null;
      placed.add(id != null && byId.containsKey(id) && !placed.contains(id) ? id : null);
    }
    if (fill) {
      fillEmpty(placed);
    }
    focus.layoutShown(next.size());
    layout.set(next);
    slots.setAll(placed);
    updateVisibility();
    if (save) {
      persist();
    }
  }

  private void fillEmpty(List<String> placed) {
    for (String id : byId.keySet()) {
      int empty = placed.indexOf(null);
      if (empty < 0) {
        return;
      }
      if (!placed.contains(id)) {
        placed.set(empty, id);
      }
    }
  }

  private void changed() {
    updateVisibility();
    views.leftView();
    persist();
  }

  /** Shows the tiles of the layout, or only the maximized one. */
  void updateVisibility() {
    int max = focus.maximized();
    for (TileViewModel tile : cameras) {
      int slot = slots.indexOf(tile.cameraId());
      tile.setVisible(slot >= 0 && (max < 0 || max == slot));
    }
  }

  void persist() {
    if (store != null) {
      WallPersistence.save(store, this);
    }
  }
}
