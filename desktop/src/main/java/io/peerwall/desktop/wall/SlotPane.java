package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import javafx.css.PseudoClass;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.StackPane;

/**
 * One tile position of the layout: holds a camera's {@link TileView} or an empty placeholder. Takes
 * drops (a camera from the list, or another tile to swap with), starts drags of its own camera,
 * selects on click, maximizes on double-click, and offers the tile's menu.
 */
final class SlotPane extends StackPane {
  static final String CAMERA_PREFIX = "peerwall-camera:";
  static final String SLOT_PREFIX = "peerwall-slot:";
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop-target");

  private final WallViewModel wall;
  private final int slot;

  SlotPane(WallViewModel wall, int slot, TileView tile) {
    this.wall = wall;
    this.slot = slot;
    getStyleClass().add("slot");
    Texts texts = wall.texts();
    if (tile != null) {
      getChildren().add(tile);
      setContextMenu(texts, tile);
    } else {
      Label hint = new Label(texts.get("wall.emptyTile"));
      hint.getStyleClass().add("slot-empty");
      hint.setWrapText(true);
      getChildren().add(hint);
    }
    setMinSize(40, 24);
    addEventHandler(MouseEvent.MOUSE_CLICKED, this::onClick);
    setOnDragDetected(this::onDragDetected);
    setOnDragOver(this::onDragOver);
    setOnDragExited(e -> pseudoClassStateChanged(DROP, false));
    setOnDragDropped(this::onDragDropped);
    showSelected(wall.selectedProperty().get() == slot);
  }

  int slot() {
    return slot;
  }

  void showSelected(boolean selected) {
    pseudoClassStateChanged(SELECTED, selected);
  }

  private void setContextMenu(Texts texts, TileView tile) {
    MenuItem maximize = new MenuItem(texts.get("tile.menu.maximize"));
    maximize.setOnAction(e -> wall.toggleMaximized(slot));
    MenuItem snapshot = new MenuItem(texts.get("tile.menu.snapshot"));
    snapshot.setOnAction(e -> wall.snapshot(slot));
    MenuItem rewind = new MenuItem(texts.get("tile.menu.rewind"));
    rewind.getStyleClass().add("rewind-item");
    rewind.setOnAction(e -> wall.review().rewind(slot));
    rewind.disableProperty().bind(wall.review().availableProperty().not());
    MenuItem clear = new MenuItem(texts.get("tile.menu.clear"));
    clear.setOnAction(e -> wall.clearTile(slot));
    ContextMenu menu = new ContextMenu(maximize, snapshot, rewind, new SeparatorMenuItem(), clear);
    menu.setOnShowing(
        e ->
            maximize.setText(
                texts.get(
                    wall.maximizedProperty().get() >= 0
                        ? "tile.menu.restore"
                        : "tile.menu.maximize")));
    tile.setOnContextMenuRequested(
        e -> {
          wall.select(slot);
          menu.show(tile, e.getScreenX(), e.getScreenY());
          e.consume();
        });
  }

  private void onClick(MouseEvent e) {
    if (e.getButton() != MouseButton.PRIMARY) {
      return;
    }
    wall.select(slot);
    if (e.getClickCount() == 2) {
      wall.toggleMaximized(slot);
    }
  }

  private void onDragDetected(MouseEvent e) {
    // A maximized tile uses dragging to pan; only tiles of the layout can be moved.
    if (wall.maximizedProperty().get() >= 0 || wall.tileAt(slot) == null) {
      return;
    }
    Dragboard board = startDragAndDrop(TransferMode.MOVE);
    ClipboardContent content = new ClipboardContent();
    content.putString(SLOT_PREFIX + slot);
    board.setContent(content);
    e.consume();
  }

  private void onDragOver(DragEvent e) {
    String s = e.getDragboard().hasString() ? e.getDragboard().getString() : "";
    if (e.getGestureSource() != this
        && (s.startsWith(SLOT_PREFIX) || s.startsWith(CAMERA_PREFIX))) {
      e.acceptTransferModes(TransferMode.MOVE, TransferMode.COPY);
      pseudoClassStateChanged(DROP, true);
    }
    e.consume();
  }

  private void onDragDropped(DragEvent e) {
    String s = e.getDragboard().hasString() ? e.getDragboard().getString() : "";
    e.setDropCompleted(drop(s));
    pseudoClassStateChanged(DROP, false);
    e.consume();
  }

  /** Applies dropped content: a camera ID from the list, or another tile's index. */
  boolean drop(String content) {
    if (content.startsWith(SLOT_PREFIX)) {
      try {
        wall.swap(Integer.parseInt(content.substring(SLOT_PREFIX.length())), slot);
        return true;
      } catch (NumberFormatException ignored) {
        return false;
      }
    }
    if (content.startsWith(CAMERA_PREFIX)) {
      wall.assign(content.substring(CAMERA_PREFIX.length()), slot);
      return true;
    }
    return false;
  }
}
