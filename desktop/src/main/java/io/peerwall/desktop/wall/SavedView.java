package io.peerwall.desktop.wall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A named arrangement of the wall: a layout and which camera sits in each of its tiles (null for an
 * empty tile). Saved in the settings; the tour cycles through them.
 */
public record SavedView(String name, String layout, List<String> cameras) {
  public SavedView {
    // Not List.copyOf: an empty tile is a null entry.
    cameras = Collections.unmodifiableList(new ArrayList<>(cameras));
  }
}
