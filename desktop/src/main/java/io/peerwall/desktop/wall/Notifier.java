package io.peerwall.desktop.wall;

import io.peerwall.desktop.ui.Texts;
import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows {@link WallEvent}s as ControlsFX notifications at the bottom right of the wall's window:
 * down and refused as warnings or errors, back up as information, a changed key as an error that
 * stays until clicked. FX thread.
 */
final class Notifier {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);

  private final Window owner;
  private final Texts texts;

  Notifier(Window owner, Texts texts) {
    this.owner = owner;
    this.texts = texts;
  }

  void show(WallEvent event) {
    log.info("{}: {}", event.kind(), event.message());
    try {
      Notifications n =
          Notifications.create()
              .owner(owner)
              .position(Pos.BOTTOM_RIGHT)
              .title(texts.get("notify.title." + event.kind().name()))
              .text(event.message())
              .hideAfter(
                  event.kind() == WallEvent.Kind.KEY_CHANGED
                      ? Duration.INDEFINITE
                      : Duration.seconds(6));
      switch (event.kind()) {
        case DOWN -> n.showWarning();
        case REFUSED, KEY_CHANGED -> n.showError();
        default -> n.showInformation();
      }
    } catch (RuntimeException e) {
      // A notification that cannot show (no screen yet) must not break the wall.
      log.debug("notification not shown: {}", e.toString());
    }
  }
}
