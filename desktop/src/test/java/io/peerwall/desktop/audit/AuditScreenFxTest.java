package io.peerwall.desktop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.camera.CameraAgent;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.station.audit.AuditLab;
import io.peerwall.station.audit.Verdict;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Audit screen on headless JavaFX over a real audit of real camera agents ({@link AuditLab}):
 * the verdicts and the score's sum as the station computes them, filters, "Change password…" that
 * changes Garage's factory password for real (pairing then works with the new one and fails with
 * the old), a mistyped current password that shows up in the counts, and "Fix all" walking the
 * Critical and High rows (the locked camera answers in words and is skipped, the two that shared a
 * password get their own).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(240)
class AuditScreenFxTest {
  private static AuditLab lab;
  private static Path data;
  private static ExecutorService io;
  private AuditViewModel model;
  private AuditView view;
  private Stage stage;

  @BeforeAll
  static void startSite() throws Exception {
    data = Files.createTempDirectory("peerwall-audit-screen");
    lab = AuditLab.start(data);
    io = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-audit-io"));
  }

  @org.junit.jupiter.api.AfterEach
  void stopFollowing() {
    model.close();
  }

  @AfterAll
  static void stopSite() {
    io.shutdownNow();
    lab.close();
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
    Texts texts = Texts.of(Locale.ENGLISH);
    model =
        new AuditViewModel(
            lab.audit(), texts, io, Platform::runLater, Clock.systemUTC(), ZoneOffset.UTC);
    view =
        new AuditView(
            model,
            line -> ChangePasswordDialog.open(stage, model, List.of(line)),
            () -> ChangePasswordDialog.open(stage, model, model.needingFix()),
            () -> {});
    Scene scene = new Scene(view, 1360, 520);
    Theme.apply(scene);
    stage.setScene(scene);
    stage.show();
    model.load();
  }

  private String verdictOf(String name) {
    return model.rows().stream()
        .filter(l -> l.name().equals(name))
        .map(l -> l.verdict().name())
        .findFirst()
        .orElse("?");
  }

  private AuditLine line(String name) throws Exception {
    return fx(
        () -> model.rows().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow());
  }

  @Test
  void showsTheVerdictsAndFixesPasswordsForReal(FxRobot robot) throws Exception {
    waitUntil(() -> model.rows().size() == 5, 20);
    assertThat(fx(() -> verdictOf("Garage"))).isEqualTo("CRITICAL");
    assertThat(fx(() -> verdictOf("Gate"))).isEqualTo("HIGH");
    assertThat(fx(() -> verdictOf("Porch"))).isEqualTo("HIGH");
    assertThat(fx(() -> verdictOf("Yard"))).isEqualTo("HIGH");
    assertThat(fx(() -> verdictOf("Attic"))).isEqualTo("OK");
    assertThat(line("Garage").blocklist()).isEqualTo("Mirai botnet default");
    assertThat(line("Porch").reuse()).isEqualTo("A").isEqualTo(line("Yard").reuse());
    assertThat(line("Gate").lockouts()).startsWith("1 (locked to ");
    assertThat(text(robot, "#audit-score"))
        .isEqualTo(
            "Score 35/100 = (1×100 + 0×60 + 3×25 + 1×0) ÷ 5 audited cameras (OK, Medium, High,"
                + " Critical)");
    assertThat(fx(() -> model.loadMillisProperty().get())).isBetween(0L, 5_000L);
    screenshot(robot);

    // Filters.
    fx(
        () -> {
          model.searchProperty().set("yar");
          return null;
        });
    assertThat(fx(() -> model.rows().size())).isEqualTo(1);
    fx(
        () -> {
          model.searchProperty().set("");
          model.verdictFilterProperty().set(Verdict.CRITICAL);
          return null;
        });
    assertThat(fx(() -> model.rows().get(0).name())).isEqualTo("Garage");
    fx(
        () -> {
          model.verdictFilterProperty().set(null);
          return null;
        });

    // Change password… on Garage: the suggestion kept, the current password typed.
    select("Garage");
    robot.clickOn("#audit-change");
    robot.clickOn("#change-current").write(AuditLab.GARAGE_PASSWORD);
    String next = fx(() -> robot.lookup("#change-new").queryTextInputControl().getText());
    assertThat(text(robot, "#change-check"))
        .isEqualTo("Accepted here; the camera checks it again.");
    robot.clickOn("#change-apply");
    waitUntil(() -> text(robot, "#change-result").startsWith("Password of Garage changed"), 30);
    robot.clickOn("#change-close");
    waitUntil(() -> verdictOrNull("Garage").equals("OK"), 20);
    CameraAgent garage = lab.camera("Garage");
    SignalingClient someone =
        new SignalingClient(
            SignalingClient.Config.loopback()
                .withCredentials(StationCredentials.ephemeral("Someone")));
    assertThatThrownBy(
            () ->
                someone.pair(
                    AuditLab.at(garage), garage.cameraId(), AuditLab.GARAGE_PASSWORD.toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    Thread.sleep(10);
    someone.pair(AuditLab.at(garage), garage.cameraId(), next.toCharArray());

    // A mistyped current password on Attic: refused, and counted in the row.
    select("Attic");
    robot.clickOn("#audit-change");
    robot.clickOn("#change-current").write("velvet harbour");
    robot.clickOn("#change-apply");
    waitUntil(() -> text(robot, "#change-result").startsWith("The current password for Attic"), 30);
    robot.clickOn("#change-close");
    waitUntil(() -> failed24h("Attic") == 1, 20);
    assertThat(fx(() -> verdictOf("Attic"))).isEqualTo("MEDIUM");

    // Fix all: Gate (locked: answered in words, skipped), then Porch and Yard.
    assertThat(fx(() -> model.needingFix()).stream().map(AuditLine::name))
        .containsExactly("Gate", "Porch", "Yard");
    robot.clickOn("#audit-fix-all");
    robot.clickOn("#change-current").write("gate temporary sixty walrus");
    robot.clickOn("#change-apply");
    waitUntil(() -> text(robot, "#change-result").contains("has locked password checks"), 30);
    robot.clickOn("#change-skip");
    for (String name : List.of("Porch", "Yard")) {
      waitUntil(() -> stageTitle(robot).equals("Change password: " + name), 20);
      robot.clickOn("#change-current").write(AuditLab.SHARED);
      robot.clickOn("#change-apply");
    }
    waitUntil(
        () -> {
          try {
            return fx(() -> model.messageProperty().get())
                .equals("Fix all: 2 changed, 0 queued, 1 skipped or refused.");
          } catch (Exception e) {
            return false;
          }
        },
        30);
    waitUntil(() -> verdictOrNull("Porch").equals("OK") && verdictOrNull("Yard").equals("OK"), 20);
    assertThat(line("Porch").reuse()).isEmpty();
  }

  /** Selects a camera's row in the table (as a click on it would). */
  private void select(String name) throws Exception {
    fx(
        () -> {
          view.table().getItems().stream()
              .filter(l -> l.name().equals(name))
              .findFirst()
              .ifPresent(l -> view.table().getSelectionModel().select(l));
          return null;
        });
  }

  private String verdictOrNull(String name) {
    try {
      return fx(() -> verdictOf(name));
    } catch (Exception e) {
      return "?";
    }
  }

  private long failed24h(String name) {
    try {
      return line(name).failed24hValue();
    } catch (Exception e) {
      return -1;
    }
  }

  private static String stageTitle(FxRobot robot) {
    try {
      return fx(
          () ->
              robot.listTargetWindows().stream()
                  .filter(w -> w instanceof Stage s && s.isShowing())
                  .map(w -> ((Stage) w).getTitle())
                  .filter(t -> t != null && t.startsWith("Change password"))
                  .findFirst()
                  .orElse(""));
    } catch (Exception e) {
      return "";
    }
  }

  /** With -Dpeerwall.screenshot=FILE, saves the screen as a PNG (docs/screenshots). */
  private void screenshot(FxRobot robot) throws Exception {
    String file = System.getProperty("peerwall.screenshot");
    if (file == null) {
      return;
    }
    fx(
        () -> {
          stage.setWidth(
              Double.parseDouble(System.getProperty("peerwall.screenshot.width", "1360")));
          stage.setHeight(560);
          return null;
        });
    Thread.sleep(500);
    WritableImage image = fx(() -> stage.getScene().snapshot(null));
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    PixelReader pixels = image.getPixelReader();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.setRGB(x, y, pixels.getArgb(x, y));
      }
    }
    ImageIO.write(out, "png", Path.of(file).toFile());
  }

  private static String text(FxRobot robot, String query) {
    try {
      return fx(() -> ((Label) robot.lookup(query).query()).getText());
    } catch (Exception e) {
      return "";
    }
  }

  static <T> T fx(Callable<T> call) throws Exception {
    return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
  }

  static void waitUntil(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + seconds + " s");
      }
      Thread.sleep(50);
    }
  }
}
