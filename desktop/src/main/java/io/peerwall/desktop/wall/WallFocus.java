package io.peerwall.desktop.wall;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * Where the viewer's attention is on the wall, part of {@link WallViewModel} (same screen, same FX
 * thread): the selected tile keyboard commands act on, the maximized tile, and full screen. It
 * reads the wall's tiles but never changes which camera sits where; the wall tells it when a new
 * layout is shown, and it tells the wall when tiles must be shown or hidden.
 */
final class WallFocus {
  private final WallViewModel wall;
  private final ReadOnlyIntegerWrapper maximized = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(0);
  private final ReadOnlyBooleanWrapper fullScreen = new ReadOnlyBooleanWrapper();

  WallFocus(WallViewModel wall) {
    this.wall = wall;
  }

  ReadOnlyIntegerProperty maximizedProperty() {
    return maximized.getReadOnlyProperty();
  }

  ReadOnlyIntegerProperty selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty fullScreenProperty() {
    return fullScreen.getReadOnlyProperty();
  }

  /** The maximized tile's index, or -1. */
  int maximized() {
    return maximized.get();
  }

  /** A new layout is on screen: nothing maximized, and the selection inside it. */
  void layoutShown(int tiles) {
    maximized.set(-1);
    if (selected.get() >= tiles) {
      selected.set(0);
    }
  }

  void maximize(int slot) {
    if (wall.tileAt(slot) != null) {
      maximized.set(slot);
      selected.set(slot);
      wall.updateVisibility();
    }
  }

  void restore() {
    if (maximized.get() >= 0) {
      maximized.set(-1);
      wall.updateVisibility();
    }
  }

  void toggleMaximized(int slot) {
    if (maximized.get() >= 0) {
      restore();
    } else {
      maximize(slot);
    }
  }

  /** Leaves the maximized tile first, then full screen; false when there was nothing to leave. */
  boolean escape() {
    if (maximized.get() >= 0) {
      restore();
      return true;
    }
    if (fullScreen.get()) {
      fullScreen.set(false);
      return true;
    }
    return false;
  }

  void select(int slot) {
    if (slot >= 0 && slot < wall.slots().size()) {
      selected.set(slot);
    }
  }

  /** Moves the selection to the neighbouring tile; a maximized wall shows that tile instead. */
  void moveSelection(int dx, int dy) {
    int from = Math.min(selected.get(), wall.slots().size() - 1);
    int to = wall.layout().neighbour(Math.max(0, from), dx, dy);
    if (maximized.get() >= 0 && wall.tileAt(to) != null) {
      maximize(to);
    }
    selected.set(to);
  }

  void toggleFullScreen() {
    fullScreen.set(!fullScreen.get());
  }

  void fullScreenChanged(boolean isFullScreen) {
    fullScreen.set(isFullScreen);
  }
}
