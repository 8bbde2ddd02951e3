package io.peerwall.desktop.wall;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * The wall's keyboard shortcuts, in one place (the help menu lists the same):
 *
 * <ul>
 *   <li>1..9, 0: layouts 1, 2x2, 3x3, 4x4, 5x5, 6x6, 8x8, 1+5, 1+7, 1+12
 *   <li>arrows: select a tile; Enter: maximize / restore it; Esc: back (maximized, full screen)
 *   <li>F11: full screen; PageDown / PageUp: next / previous view (or page of cameras)
 *   <li>T: tour on/off; S: snapshot of the selected tile; Ctrl+S: save the view; Ctrl+N: add a
 *       camera; R: review
 * </ul>
 */
final class WallKeys {
  private WallKeys() {}

  /** Applies a key press; returns whether it was a shortcut. */
  static boolean handle(KeyEvent e, WallViewModel wall, WallToolbar toolbar) {
    KeyCode code = e.getCode();
    if (e.isShortcutDown()) {
      if (code == KeyCode.S) {
        toolbar.askSaveView();
        return true;
      }
      if (code == KeyCode.N) {
        toolbar.addCamera();
        return true;
      }
      return false;
    }
    if (e.isAltDown()) {
      return false;
    }
    if (code.isDigitKey()) {
      int index = digit(code);
      if (index >= 0 && index < Layout.ALL.size()) {
        wall.selectLayout(Layout.ALL.get(index));
        return true;
      }
    }
    switch (code) {
      case F11 -> wall.toggleFullScreen();
      case ESCAPE -> {
        return wall.escape();
      }
      case LEFT -> wall.moveSelection(-1, 0);
      case RIGHT -> wall.moveSelection(1, 0);
      case UP -> wall.moveSelection(0, -1);
      case DOWN -> wall.moveSelection(0, 1);
      case ENTER -> wall.toggleMaximized(wall.selectedProperty().get());
      case PAGE_DOWN -> wall.views().next();
      case PAGE_UP -> wall.views().previous();
      case T -> wall.views().toggleTour();
      case S -> wall.snapshot(wall.selectedProperty().get());
      case R -> wall.review().open();
      default -> {
        return false;
      }
    }
    return true;
  }

  /** 1 → 0, ..., 9 → 8, 0 → 9: the layout index of a digit key. */
  static int digit(KeyCode code) {
    String name = code.getName();
    char c = name.charAt(name.length() - 1);
    if (c < '0' || c > '9') {
      return -1;
    }
    return c == '0' ? 9 : c - '1';
  }
}
