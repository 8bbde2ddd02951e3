package io.peerwall.desktop.wall;

import io.peerwall.desktop.settings.WallSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The wall's named views and the tour, part of {@link WallViewModel} (same screen, same thread). A
 * view is a layout plus which camera sits in each tile. The tour shows each saved view for {@link
 * #tourSeconds()} seconds in turn; with fewer than two views it pages through all cameras in the
 * current layout instead, so a guard can tour a station nobody has arranged yet.
 */
public final class WallViews {
  private final WallViewModel wall;
  private final ObservableList<SavedView> saved = FXCollections.observableArrayList();
  private final ObservableList<SavedView> savedView =
      FXCollections.unmodifiableObservableList(saved);
  private final ReadOnlyStringWrapper current = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper touring = new ReadOnlyBooleanWrapper();
  private int tourSeconds = WallSettings.DEFAULT_TOUR_SECONDS;
  private long nextStepNanos;
  private int page;

  WallViews(WallViewModel wall) {
    this.wall = wall;
  }

  void restore(WallSettings settings) {
    for (WallSettings.View v : settings.views()) {
      if (v.name() != null && !v.name().isBlank() && Layout.byId(v.layout()).isPresent()) {
        saved.add(new SavedView(v.name(), v.layout(), v.tiles()));
      }
    }
    tourSeconds = settings.tourSeconds();
    if (settings.lastView() != null && find(settings.lastView()) != null) {
      current.set(settings.lastView());
    }
  }

  List<WallSettings.View> toSettings() {
    List<WallSettings.View> out = new ArrayList<>();
    for (SavedView v : saved) {
      out.add(new WallSettings.View(v.name(), v.layout(), v.cameras()));
    }
    return out;
  }

  public ObservableList<SavedView> saved() {
    return savedView;
  }

  /** The name of the view on screen, empty when the wall was changed since. */
  public ReadOnlyStringProperty currentProperty() {
    return current.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty touringProperty() {
    return touring.getReadOnlyProperty();
  }

  public int tourSeconds() {
    return tourSeconds;
  }

  /** Saves the wall as it is under a name; an existing view of that name is replaced. */
  public void save(String name) {
    if (name == null || name.isBlank()) {
      return;
    }
    String clean = name.strip();
    SavedView view = new SavedView(clean, wall.layout().id(), new ArrayList<>(wall.slots()));
    SavedView old = find(clean);
    if (old != null) {
      saved.set(saved.indexOf(old), view);
    } else {
      saved.add(view);
    }
    current.set(clean);
    wall.persist();
  }

  /** Shows a saved view. */
  public void apply(String name) {
    SavedView view = find(name);
    if (view == null) {
      return;
    }
    wall.show(Layout.byId(view.layout()).orElseThrow(), view.cameras(), false);
    current.set(view.name());
    wall.persist();
  }

  public void delete(String name) {
    SavedView view = find(name);
    if (view != null) {
      saved.remove(view);
      if (current.get().equals(name)) {
        current.set("");
      }
      wall.persist();
    }
  }

  /** PageDown / the tour: the next saved view, or the next page of cameras. */
  public void next() {
    step(1);
  }

  /** PageUp: the previous saved view, or the previous page of cameras. */
  public void previous() {
    step(-1);
  }

  public void startTour(int seconds) {
    tourSeconds = Math.max(2, Math.min(3600, seconds));
    touring.set(true);
    nextStepNanos = 0;
    wall.persist();
  }

  public void stopTour() {
    touring.set(false);
  }

  public void toggleTour() {
    if (touring.get()) {
      stopTour();
    } else {
      startTour(tourSeconds);
    }
  }

  /** From the wall's status timer. */
  void tick(long nowNanos) {
    if (!touring.get()) {
      return;
    }
    if (nextStepNanos == 0) {
      nextStepNanos = nowNanos + TimeUnit.SECONDS.toNanos(tourSeconds);
    } else if (nowNanos >= nextStepNanos) {
      nextStepNanos = nowNanos + TimeUnit.SECONDS.toNanos(tourSeconds);
      next();
    }
  }

  /** The wall was changed by hand: it no longer shows a saved view. */
  void leftView() {
    current.set("");
  }

  private void step(int direction) {
    if (saved.size() >= 2 || (saved.size() == 1 && current.get().isEmpty())) {
      int at = saved.indexOf(find(current.get()));
      int to =
          Math.floorMod(
              at < 0 ? (direction > 0 ? -1 : 0) + direction : at + direction, saved.size());
      apply(saved.get(to).name());
      return;
    }
    List<TileViewModel> all = wall.cameras();
    int perPage = wall.layout().size();
    int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
    if (pages == 1) {
      return;
    }
    page = Math.floorMod(page + direction, pages);
    List<String> ids = new ArrayList<>();
    for (int i = page * perPage; i < Math.min(all.size(), (page + 1) * perPage); i++) {
      ids.add(all.get(i).cameraId());
    }
    while (ids.size() < perPage) {
      ids.add(null);
    }
    wall.show(wall.layout(), ids, false);
    current.set("");
    wall.persist();
  }

  private SavedView find(String name) {
    for (SavedView v : saved) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }
}
