package io.peerwall.desktop.wall;

import static io.peerwall.desktop.wall.WallViewFxTest.fx;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.cameras.AddCameraView;
import io.peerwall.desktop.cameras.AddCameraViewModel;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.pairing.PairingResult;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.pairing.PairingStep;
import io.peerwall.station.pairing.PasswordStrength;
import io.peerwall.station.pairing.SharedPasswordStrength;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The wall and the add-camera dialog in Japanese: every visible text comes from the bundle. */
@ExtendWith(ApplicationExtension.class)
@Timeout(60)
class JapaneseWallFxTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T14:05:00Z"), ZoneOffset.UTC);
  private WallView wall;
  private AddCameraView dialog;
  private WallViewModel model;
  private final ScriptedFeed door = new ScriptedFeed("door", "玄関");
  private final ScriptedFeed yard = new ScriptedFeed("yard", "中庭");

  @Start
  void start(Stage stage) {
    Texts ja = Texts.of(Locale.JAPANESE);
    door.state = FeedState.LIVE;
    yard.state = FeedState.UNREACHABLE;
    yard.downSince = CLOCK.millis() - 60_000;
    model = new WallViewModel(List.of(door, yard), ja, CLOCK, ZoneOffset.UTC, () -> 0.12, null);
    wall = new WallView(model, CLOCK, () -> {});
    PairingService none =
        new PairingService() {
          public CompletableFuture<PairingResult> pair(
              String id, char[] pw, Consumer<PairingStep> p) {
            return new CompletableFuture<>();
          }

          public List<DiscoveredCamera> discovered() {
            return List.of();
          }

          public PasswordStrength strength(String pw, List<String> context) {
            return SharedPasswordStrength.measure(pw, context);
          }
        };
    dialog =
        new AddCameraView(new AddCameraViewModel(none, ja, Runnable::run, f -> {}), ja, () -> {});
    Scene scene = new Scene(new VBox(wall, dialog), 1000, 900);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
    wall.start();
  }

  @Test
  void rendersInJapanese(FxRobot robot) throws Exception {
    fx(
        () -> {
          model.refresh(1_000_000_000L);
          model.refresh(2_000_000_000L);
          return null;
        });
    List<String> texts = fx(() -> visibleTexts(robot));
    assertThat(texts)
        .contains(
            "レイアウト: 2x2",
            "ビュー",
            "巡回",
            "カメラを追加…",
            "カメラ",
            "ライブ",
            "14:04 から接続できません",
            "カメラ 2 台中 1 台がライブ",
            "CPU 12 %",
            "カメラ ID",
            "パスワード",
            "閉じる");
    assertThat(texts).noneMatch(t -> t.startsWith("!")); // no missing key
    // Japanese labels get a real width (a font with the glyphs, or at least boxes), not zero.
    double width = fx(() -> ((Button) robot.lookup(".add-camera-button").query()).getWidth());
    assertThat(width).isGreaterThan(20);
  }

  private List<String> visibleTexts(FxRobot robot) {
    return robot.lookup(n -> n instanceof Labeled && n.isVisible()).queryAll().stream()
        .map(Node.class::cast)
        .map(n -> ((Labeled) n).getText())
        .filter(t -> t != null && !t.isEmpty())
        .toList();
  }
}
