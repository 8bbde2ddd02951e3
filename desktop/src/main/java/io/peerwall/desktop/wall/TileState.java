package io.peerwall.desktop.wall;

/** How a tile's state line is styled: its CSS pseudo-class, from calm to loud. */
public enum TileState {
  LIVE("live"),
  WAITING("waiting"),
  WARNING("warning"),
  ERROR("error"),
  ALARM("alarm");

  private final String pseudoClass;

  TileState(String pseudoClass) {
    this.pseudoClass = pseudoClass;
  }

  public String pseudoClass() {
    return pseudoClass;
  }
}
