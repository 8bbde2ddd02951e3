package io.peerwall.desktop.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.desktop.wall.WallView;
import io.peerwall.desktop.wall.WallViewModel;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.station.evidence.Custody;
import io.peerwall.station.evidence.Exports;
import io.peerwall.station.evidence.StationEvidence;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
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
 * The evidence dialogs as a guard sees them, on a real recording, real signed exports and the real
 * index: the verify dialog says AUTHENTIC in green for an untouched export and NOT AUTHENTIC in
 * red, with what failed, for one with a byte changed; the export log (opened from the Evidence
 * menu) lists both exports with each file's SHA-256 and the intact chain; the locks dialog lists an
 * active lock with what it keeps, and the released one when asked. With {@code
 * -Dpeerwall.screenshots=DIR} each dialog is also saved as a PNG (docs/screenshots, taken under
 * Xvfb).
 */
@ExtendWith(ApplicationExtension.class)
@Timeout(120)
class EvidenceViewsFxTest {
  private static final Texts EN = Texts.of(Locale.ENGLISH);
  private static final PseudoClass AUTHENTIC = PseudoClass.getPseudoClass("authentic");
  private static final PseudoClass NOT_AUTHENTIC = PseudoClass.getPseudoClass("not-authentic");
  @TempDir static Path data;
  @TempDir static Path files;
  static SignedFixture fixture;
  static Path second;
  static Path changed;
  static ExecutorService background;

  private EvidenceMenu menu;
  private Stage wallStage;

  @BeforeAll
  static void make() throws Exception {
    fixture = SignedFixture.make(data, files);
    // A bookmark, then a second export (the last four seconds) that carries it inside its
    // signature; the log then shows a chain of two.
    try (ReviewIndex review = ReviewIndex.open(data)) {
      review.createBookmark(
          "cam-yard",
          SignedFixture.T0 + 9_000_000,
          SignedFixture.T0 + 11_000_000,
          "Van at the gate",
          "white van, no plates",
          "guard");
    }
    second = files.resolve("yard-end.mp4");
    fixture.exports.export(
        new Exports.Request(
            List.of("cam-yard"),
            SignedFixture.T0 + 8_000_000,
            SignedFixture.T0 + 12_000_000,
            second,
            true),
        p -> {},
        () -> false);
    // The same file as the signed one, with one byte of the video data changed.
    changed = files.resolve("yard-edited.mp4");
    byte[] bytes = Files.readAllBytes(fixture.signed);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(changed, bytes);
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

  @Test
  void anUntouchedExportIsAuthenticAndAChangedByteIsNot() throws Exception {
    VerifyViewModel model =
        new VerifyViewModel(
            ExportVerifier::verify, background, Platform::runLater, EN, ZoneOffset.UTC);
    Stage stage = fx(() -> VerifyView.open(wallStage, model, EN));
    Label headline = fx(() -> (Label) stage.getScene().getRoot().lookup(".verify-headline"));
    TextArea details = fx(() -> (TextArea) stage.getScene().getRoot().lookup(".verify-details"));

    verify(model, second);
    assertThat(text(headline::getText)).startsWith("AUTHENTIC: every byte is as station");
    assertThat(fx(() -> headline.getPseudoClassStates().contains(AUTHENTIC))).isTrue();
    assertThat(text(details::getText))
        .contains(fixture.key.fingerprint(), "Yard", "guard")
        .contains("Van at the gate: white van, no plates");
    screenshot(stage, "evidence-verify-authentic");

    verify(model, changed);
    assertThat(text(headline::getText)).startsWith("NOT AUTHENTIC: ");
    assertThat(fx(() -> headline.getPseudoClassStates().contains(NOT_AUTHENTIC))).isTrue();
    assertThat(fx(() -> headline.getPseudoClassStates().contains(AUTHENTIC))).isFalse();
    assertThat(text(details::getText)).contains("- ");
    screenshot(stage, "evidence-verify-not-authentic");
    fx(
        () -> {
          stage.close();
          return null;
        });
  }

  @Test
  void theExportLogListsEachFileWithItsHashAndTheChain() throws Exception {
    onFx(() -> item("Export log…").fire());
    Stage stage = shown("Export log");
    @SuppressWarnings("unchecked")
    TableView<ExportLogViewModel.Row> table =
        fx(
            () ->
                (TableView<ExportLogViewModel.Row>)
                    stage.getScene().getRoot().lookup(".table-view"));
    waitUntil(() -> call(() -> table.getItems().size()) == 2);
    List<String> hashes = fx(() -> table.getItems().stream().map(r -> r.sha256()).toList());
    assertThat(hashes)
        .containsExactlyInAnyOrder(sha256(fixture.signed), sha256(second))
        .as("the newest first")
        .startsWith(sha256(second));
    Label chain = fx(() -> (Label) stage.getScene().getRoot().lookup(".export-log-chain"));
    waitUntil(() -> !call(chain::getText).isEmpty());
    assertThat(text(chain::getText)).startsWith("The log's hash chain holds over 2 export(s)");
    screenshot(stage, "evidence-export-log");
    fx(
        () -> {
          stage.close();
          return null;
        });
  }

  @Test
  void theLocksDialogListsWhatEachLockKeeps() throws Exception {
    Custody custody = new Custody(data, Clock.systemUTC());
    long t0 = SignedFixture.T0;
    long active =
        custody
            .lock(
                List.of("cam-yard"),
                t0 + 2_000_000,
                t0 + 6_000_000,
                Optional.empty(),
                "break-in at the yard gate, case 4411")
            .id();
    long released =
        custody
            .lock(
                List.of("cam-yard"),
                t0 + 8_000_000,
                t0 + 10_000_000,
                Optional.empty(),
                "van stops at the gate")
            .id();
    custody.release(released, "nothing happened: the driver asked the way");

    onFx(() -> item("Evidence locks…").fire());
    Stage stage = shown("Evidence locks");
    @SuppressWarnings("unchecked")
    TableView<LocksViewModel.Row> table =
        fx(() -> (TableView<LocksViewModel.Row>) stage.getScene().getRoot().lookup(".table-view"));
    waitUntil(() -> call(() -> table.getItems().size()) == 1);
    LocksViewModel.Row row = fx(() -> table.getItems().get(0));
    assertThat(row.id()).isEqualTo(active);
    assertThat(row.stateText()).isEqualTo("active");
    assertThat(row.cameras()).isEqualTo("Yard");
    assertThat(row.until()).isEqualTo("until released");
    assertThat(row.kept()).isNotEqualTo("0.0 MB");

    javafx.scene.control.CheckBox ended =
        fx(() -> (javafx.scene.control.CheckBox) stage.getScene().getRoot().lookup(".check-box"));
    fx(
        () -> {
          ended.setSelected(true);
          return null;
        });
    waitUntil(() -> call(() -> table.getItems().size()) == 2);
    assertThat(fx(() -> table.getItems().stream().map(LocksViewModel.Row::stateText).toList()))
        .containsExactlyInAnyOrder("active", "released");
    assertThat(
            fx(
                () ->
                    table.getItems().stream()
                        .filter(r -> r.id() == released)
                        .findFirst()
                        .orElseThrow()
                        .reason()))
        .contains("van stops at the gate", "the driver asked the way");
    screenshot(stage, "evidence-locks");
    fx(
        () -> {
          stage.close();
          return null;
        });
  }

  private MenuItem item(String text) {
    return menu.getItems().stream()
        .filter(i -> text.equals(i.getText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no menu item " + text));
  }

  private static void verify(VerifyViewModel model, Path file) throws Exception {
    fx(
        () -> {
          model.verify(file);
          return null;
        });
    waitUntil(() -> !call(() -> model.busyProperty().get()));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static <T> T fx(Callable<T> c) throws Exception {
    return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
  }

  private static void onFx(Runnable r) throws Exception {
    fx(
        () -> {
          r.run();
          return null;
        });
  }

  private static String text(Callable<String> c) throws Exception {
    return fx(c);
  }

  private static <T> T call(Callable<T> c) {
    try {
      return fx(c);
    } catch (Exception e) {
      throw new AssertionError("the FX thread did not answer", e);
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
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

  /** With -Dpeerwall.screenshots=DIR, saves the dialog's scene as DIR/NAME.png. */
  private static void screenshot(Stage stage, String name) throws Exception {
    String dir = System.getProperty("peerwall.screenshots");
    if (dir == null) {
      return;
    }
    Thread.sleep(300); // let the table and text area lay out their last change
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
    ImageIO.write(out, "png", Path.of(dir, name + ".png").toFile());
  }
}
