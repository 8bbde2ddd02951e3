package io.peerwall.desktop.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.feed.RecordingState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wall on headless JavaFX (Monocle) with scripted feeds: layout switching, drag to swap,
 * maximize and back, and the overlay of every tile state.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class WallViewFxTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T14:05:00Z"), ZoneOffset.UTC);
  private final List<ScriptedFeed> feeds = new ArrayList<>();
  private WallViewModel model;
  private WallView wall;

  @Start
  void start(Stage stage) {
    for (int i = 1; i <= 9; i++) {
      feeds.add(new ScriptedFeed("cam-" + i, "Camera " + i));
    }
    model =
        new WallViewModel(
            feeds.subList(0, 4), Texts.of(Locale.ENGLISH), CLOCK, ZoneOffset.UTC, () -> 0.1, null);
    wall = new WallView(model, CLOCK, () -> {});
    Scene scene = new Scene(wall, 1000, 640);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
    wall.start();
  }

  @Test
  void digitKeysSwitchLayouts(FxRobot robot) throws Exception {
    assertThat(fx(() -> wall.lookupAll(".slot").size())).isEqualTo(4);
    robot.clickOn(wall.lookupAll(".slot").iterator().next());
    robot.type(KeyCode.DIGIT3);
    assertThat(fx(() -> model.layoutProperty().get().id())).isEqualTo("3x3");
    assertThat(fx(() -> wall.lookupAll(".slot").size())).isEqualTo(9);
    assertThat(fx(() -> wall.lookupAll(".slot-empty").size())).isEqualTo(5);
    robot.type(KeyCode.DIGIT0);
    assertThat(fx(() -> wall.lookupAll(".slot").size())).isEqualTo(13);
    assertThat(fx(() -> ((MenuButton) wall.lookup(".layout-menu")).getText()))
        .isEqualTo("Layout: 1+12");
    robot.type(KeyCode.DIGIT1);
    assertThat(fx(() -> wall.lookupAll(".slot").size())).isEqualTo(1);
  }

  @Test
  void draggingATileOntoAnotherSwapsThem(FxRobot robot) throws Exception {
    List<Node> slots = fx(this::slotsInOrder);
    robot.drag(slots.get(0), MouseButton.PRIMARY).dropTo(slots.get(3));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> List.copyOf(model.slots())))
        .containsExactly("cam-4", "cam-2", "cam-3", "cam-1");
  }

  @Test
  void doubleClickMaximizesAndEscapeComesBack(FxRobot robot) throws Exception {
    feeds.get(1).showColour(0x00ff00);
    List<Node> slots = fx(this::slotsInOrder);
    robot.doubleClickOn(slots.get(1));
    assertThat(fx(() -> model.maximizedProperty().get())).isEqualTo(1);
    assertThat(fx(() -> wall.lookupAll(".slot").size())).isEqualTo(1);
    assertThat(feeds.get(0).visible).isFalse();
    assertThat(feeds.get(1).visible).isTrue();
    // The maximized tile asks for pictures its own (larger) size.
    assertThat(feeds.get(1).requestedWidth).isGreaterThan(500);
    Set<ImageView> videos = fx(() -> videos());
    assertThat(videos).hasSize(1);
    WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS); // a pulse shows the picture
    // The wheel zooms the maximized tile around the pointer; the decoder is asked for more pixels.
    int before = feeds.get(1).requestedWidth;
    Node maximized = fx(() -> slotsInOrder().get(0));
    robot.moveTo(maximized).scroll(5, javafx.geometry.VerticalDirection.DOWN);
    ImageView video = videos.iterator().next();
    assertThat(fx(() -> video.getViewport())).isNotNull();
    assertThat(fx(() -> video.getViewport().getWidth())).isLessThan(64);
    assertThat(feeds.get(1).requestedWidth).isGreaterThan(before);
    robot.type(KeyCode.ESCAPE);
    assertThat(fx(() -> model.maximizedProperty().get())).isEqualTo(-1);
    assertThat(fx(() -> wall.lookupAll(".slot").size())).isEqualTo(4);
    assertThat(feeds.get(0).visible).isTrue();
  }

  @Test
  void everyTileStateIsShownInWordsOnItsTile(FxRobot robot) throws Exception {
    fx(
        () -> {
          model.selectLayout(Layout.byId("3x3").orElseThrow());
          return null;
        });
    for (ScriptedFeed f : feeds.subList(4, 9)) {
      fx(() -> model.addCamera(f, ZoneOffset.UTC));
    }
    FeedState[] states = {
      FeedState.CONNECTING,
      FeedState.LIVE,
      FeedState.RECONNECTING,
      FeedState.UNREACHABLE,
      FeedState.WRONG_PASSWORD,
      FeedState.LOCKED_OUT,
      FeedState.KEY_CHANGED,
      FeedState.CLOSED,
      FeedState.LIVE
    };
    for (int i = 0; i < states.length; i++) {
      feeds.get(i).state = states[i];
      feeds.get(i).reconnects = 2;
      feeds.get(i).downSince = CLOCK.millis() - 10_000;
    }
    feeds.get(8).recording = true;
    feeds.get(1).recordingState = RecordingState.DISK_FULL;
    fx(
        () -> {
          model.refresh(1_000_000_000L);
          model.refresh(2_000_000_000L);
          return null;
        });
    List<String> statuses = fx(() -> texts(".tile-status"));
    assertThat(statuses)
        .containsExactly(
            "connecting…",
            "live",
            "reconnecting 2",
            "unreachable since 14:04",
            "wrong password",
            "locked out",
            "KEY CHANGED!",
            "stopped",
            "live");
    List<String> actions = fx(() -> texts(".tile-action"));
    assertThat(actions.get(6)).contains("impostor");
    assertThat(actions.get(4)).contains("current password");
    PseudoClass alarm = PseudoClass.getPseudoClass("alarm");
    assertThat(
            fx(
                () ->
                    wall.lookupAll(".tile").stream()
                        .filter(n -> n.getPseudoClassStates().contains(alarm))
                        .count()))
        .isEqualTo(1);
    assertThat(fx(() -> wall.lookupAll(".tile-rec").stream().filter(Node::isVisible).count()))
        .isEqualTo(1);
    assertThat(
            fx(
                () ->
                    wall.lookupAll(".tile-recording-note").stream()
                        .filter(Node::isVisible)
                        .map(n -> ((Label) n).getText())
                        .toList()))
        .containsExactly("Not recording: the disk is full. Recording resumes when space is freed.");
    assertThat(fx(() -> ((Label) wall.lookup(".status-live")).getText()))
        .isEqualTo("2 of 9 cameras live");
  }

  @Test
  void tilesShowTheNewestPicture(FxRobot robot) throws Exception {
    feeds.get(2).showColour(0xff0000);
    WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
    int argb =
        fx(
            () -> {
              ImageView v = (ImageView) slotsInOrder().get(2).lookup(".tile-video");
              return v.getImage().getPixelReader().getArgb(10, 10);
            });
    assertThat(argb).isEqualTo(0xffff0000);
    assertThat(feeds.get(2).stats.snapshot().framesDisplayed()).isEqualTo(1);
  }

  private List<Node> slotsInOrder() {
    return wall.lookupAll(".slot").stream()
        .sorted((a, b) -> Integer.compare(((SlotPane) a).slot(), ((SlotPane) b).slot()))
        .collect(Collectors.toList());
  }

  private Set<ImageView> videos() {
    return wall.lookupAll(".tile-video").stream()
        .map(ImageView.class::cast)
        .collect(Collectors.toSet());
  }

  /** Texts of labels in tile order. */
  private List<String> texts(String selector) {
    List<String> out = new ArrayList<>();
    for (Node slot : slotsInOrder()) {
      Node label = slot.lookup(selector);
      out.add(label == null ? null : ((Label) label).getText());
    }
    return out;
  }

  static <T> T fx(Callable<T> call) throws Exception {
    return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
  }
}
