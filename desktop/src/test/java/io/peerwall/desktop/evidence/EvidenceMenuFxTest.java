package io.peerwall.desktop.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.desktop.wall.WallView;
import io.peerwall.desktop.wall.WallViewModel;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.station.evidence.Custody;
import io.peerwall.station.evidence.StationEvidence;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wall's "Evidence" menu on headless JavaFX (Monocle): it sits in the toolbar before "Full
 * screen", opens the verify dialog, whose headline turns AUTHENTIC (green) for a real signed export
 * verified off the FX thread, and shows the station's fingerprint.
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(90)
class EvidenceMenuFxTest {
  private static final Texts EN = Texts.of(Locale.ENGLISH);
  @TempDir static Path data;
  @TempDir static Path files;
  static SignedFixture fixture;
  static ExecutorService background;

  private EvidenceMenu menu;
  private Stage wallStage;

  @BeforeAll
  static void make() throws Exception {
    fixture = SignedFixture.make(data, files);
    background = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stop() {
    background.shutdownNow();
  }

  @Start
  void start(Stage stage) {
    wallStage = stage;
    WallViewModel model =
        new WallViewModel(List.of(), EN, Clock.systemUTC(), ZoneOffset.UTC, () -> 0.1, null);
    WallView wall = new WallView(model, Clock.systemUTC(), () -> {});
    menu =
        new EvidenceMenu(
            StationEvidence.of(fixture.key, fixture.exports, new Custody(data, Clock.systemUTC())),
            EN,
            ZoneOffset.UTC,
            Clock.systemUTC());
    wall.addTool(menu);
    Scene scene = new Scene(wall, 1000, 640);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
  }

  private static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  private static Stage shown(String title) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Stage found =
          fx(
              () ->
                  Window.getWindows().stream()
                      .filter(w -> w instanceof Stage s && title.equals(s.getTitle()))
                      .map(w -> (Stage) w)
                      .findFirst()
                      .orElse(null));
      if (found != null) {
        return found;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no window titled " + title);
  }

  @Test
  void theMenuOpensTheVerifyDialogAndTheKey() throws Exception {
    List<String> items =
        fx(() -> menu.getItems().stream().map(MenuItem::getText).filter(t -> t != null).toList());
    assertThat(items)
        .containsExactly("Verify a file…", "Export log…", "Evidence locks…", "Signing key…");
    Node full =
        fx(
            () ->
                wallStage.getScene().getRoot().lookupAll(".button").stream()
                    .filter(
                        n ->
                            n instanceof javafx.scene.control.Button b
                                && b.getText().equals("Full screen"))
                    .findFirst()
                    .orElseThrow());
    assertThat(
            fx(
                () ->
                    ((javafx.scene.control.ToolBar) menu.getParent().getParent())
                        .getItems()
                        .indexOf(menu)))
        .isEqualTo(
            fx(
                    () ->
                        ((javafx.scene.control.ToolBar) menu.getParent().getParent())
                            .getItems()
                            .indexOf(full))
                - 1);

    fx(
        () -> {
          menu.getItems().get(0).fire();
          return null;
        });
    Stage verify = shown("Verify a file");
    assertThat(fx(() -> ((Label) verify.getScene().getRoot().lookup(".verify-headline")).getText()))
        .isEqualTo("No file chosen.");

    fx(
        () -> {
          menu.getItems().get(menu.getItems().size() - 1).fire();
          return null;
        });
    Stage key = shown("This station's signing key");
    assertThat(fx(() -> ((DialogPane) key.getScene().getRoot()).getContentText()))
        .contains(fixture.key.fingerprint(), "Gate house", "GATE-1");
    fx(
        () -> {
          key.close();
          verify.close();
          return null;
        });
  }

  @Test
  void theVerdictTurnsGreenForAnAuthenticFile() throws Exception {
    VerifyViewModel model =
        new VerifyViewModel(
            ExportVerifier::verify, background, Platform::runLater, EN, ZoneOffset.UTC);
    Stage stage = fx(() -> VerifyView.open(wallStage, model, EN));
    fx(
        () -> {
          model.verify(fixture.signed);
          return null;
        });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fx(() -> model.busyProperty().get())) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
    Label headline = fx(() -> (Label) stage.getScene().getRoot().lookup(".verify-headline"));
    assertThat(fx(headline::getText))
        .startsWith("AUTHENTIC: every byte is as station \"Gate house\"");
    assertThat(
            fx(
                () ->
                    headline
                        .getPseudoClassStates()
                        .contains(PseudoClass.getPseudoClass("authentic"))))
        .isTrue();
    assertThat(
            fx(
                () ->
                    ((javafx.scene.control.TextArea)
                            stage.getScene().getRoot().lookup(".verify-details"))
                        .getText()))
        .contains(fixture.key.fingerprint());
    fx(
        () -> {
          stage.close();
          return null;
        });
  }
}
