package io.peerwall.desktop.ui;

import atlantafx.base.theme.PrimerDark;
import javafx.application.Application;
import javafx.scene.Scene;

/**
 * The dark theme for all-day viewing: AtlantaFX's Primer Dark for the controls, plus PeerWall's own
 * stylesheet for the wall (tiles, overlays, status bar). FX thread.
 */
public final class Theme {
  private static final String WALL_CSS = "/io/peerwall/desktop/wall/wall.css";

  private Theme() {}

  /** Sets the application-wide user agent stylesheet (once) and adds the wall's stylesheet. */
  public static void apply(Scene scene) {
    if (!new PrimerDark().getUserAgentStylesheet().equals(Application.getUserAgentStylesheet())) {
      Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
    }
    scene.getStylesheets().add(Theme.class.getResource(WALL_CSS).toExternalForm());
  }
}
