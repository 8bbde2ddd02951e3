package io.peerwall.desktop.review;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.recorder.IndexException;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.review.ExportSigning;
import io.peerwall.station.review.PlaybackEngine;
import io.peerwall.station.review.ReviewSession;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review in its own window, beside the wall (a second monitor, say) or alone ({@code peerwall
 * review}). Opening reads the index, so it happens on a thread of its own ({@code review-open}) and
 * the window appears when the session is ready; closing stops the players and workers on {@code
 * review-close}. The FX thread never waits for either.
 */
public final class ReviewWindow {
  private static final Logger log = LoggerFactory.getLogger(ReviewWindow.class);
  static final String CSS = "/io/peerwall/desktop/review/review.css";

  private final Stage stage;
  private final ReviewView view;
  private final ReviewSession session;

  private ReviewWindow(Stage stage, ReviewView view, ReviewSession session) {
    this.stage = stage;
    this.view = view;
    this.session = session;
  }

  /** What a review window shows and where it comes from. */
  public record Spec(
      Path dataDir,
      List<ReviewSession.Camera> cameras,
      long startMicros,
      Map<String, ? extends Feed> liveFeeds,
      Texts texts,
      Clock clock,
      ZoneId zone,
      ExportSigning signing,
      Path exportFolder,
      boolean play) {}

  /**
   * Opens a review window; {@code shown} gets it on the FX thread once it shows, {@code failed} a
   * sentence when the recordings cannot be opened. Returns at once.
   *
   * @param onClosed runs on the FX thread when the user closes it
   */
  public static void open(
      Spec spec, Runnable onClosed, Consumer<ReviewWindow> shown, Consumer<String> failed) {
    NamedThreadFactory.start(
        "review-open",
        () -> {
          ReviewSession session;
          try {
            session =
                ReviewSession.open(
                    spec.dataDir(),
                    spec.cameras(),
                    spec.startMicros(),
                    new PlaybackEngine.Options(640, 360, System::nanoTime, spec.clock()),
                    spec.signing(),
                    spec.zone());
          } catch (IndexException | IllegalArgumentException e) {
            log.warn("review cannot open: {}", e.getMessage());
            Platform.runLater(
                () -> failed.accept(spec.texts().get("review.cannotOpen", e.getMessage())));
            return;
          }
          Platform.runLater(
              () -> {
                try {
                  shown.accept(show(spec, session, onClosed));
                } catch (RuntimeException e) {
                  closeInBackground(session);
                  log.error("review window failed", e);
                  failed.accept(spec.texts().get("review.cannotOpen", e.toString()));
                }
              });
        });
  }

  private static ReviewWindow show(Spec spec, ReviewSession session, Runnable onClosed) {
    ReviewViewModel model =
        new ReviewViewModel(
            session,
            spec.texts(),
            spec.clock(),
            spec.zone(),
            System::nanoTime,
            Platform::runLater,
            spec.startMicros());
    ReviewView view = new ReviewView(model, spec.liveFeeds(), spec.exportFolder());
    Stage stage = new Stage();
    Scene scene = new Scene(view, 1280, 820);
    Theme.apply(scene);
    scene.getStylesheets().add(ReviewWindow.class.getResource(CSS).toExternalForm());
    stage.setScene(scene);
    stage.setTitle(spec.texts().get("review.title"));
    ReviewWindow window = new ReviewWindow(stage, view, session);
    stage.setOnHidden(
        e -> {
          view.stop();
          model.exports().cancel(); // an export does not outlive its window: the part is deleted
          closeInBackground(session);
          onClosed.run();
        });
    stage.show();
    view.start();
    if (spec.play()) {
      model.play(1);
    }
    return window;
  }

  /**
   * Starts JavaFX if needed and opens a review window ({@code peerwall review}); returns once it
   * shows.
   *
   * @throws UserFacingException when no window can be opened or the recordings cannot be read
   */
  public static ReviewWindow openStandalone(Spec spec, Runnable onClosed) {
    CompletableFuture<ReviewWindow> shown = new CompletableFuture<>();
    Runnable start =
        () ->
            open(
                spec,
                onClosed,
                shown::complete,
                sentence -> shown.completeExceptionally(new IllegalStateException(sentence)));
    try {
      Platform.setImplicitExit(false);
      Platform.startup(start);
    } catch (IllegalStateException alreadyRunning) {
      Platform.runLater(start);
    } catch (RuntimeException | LinkageError e) {
      throw noWindow(e);
    }
    try {
      return shown.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw noWindow(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw noWindow(e);
    }
  }

  private static UserFacingException noWindow(Throwable cause) {
    return new UserFacingException(
        ExitCode.FAILURE,
        "cannot open a window (" + cause.getMessage() + "); check DISPLAY and GTK 3",
        cause);
  }

  private static void closeInBackground(ReviewSession session) {
    NamedThreadFactory.start("review-close", session::close);
  }

  public Stage stage() {
    return stage;
  }

  public ReviewView view() {
    return view;
  }

  public ReviewSession session() {
    return session;
  }

  /** Closes the window (its session closes on review-close). Any thread. */
  public void close() {
    if (Platform.isFxApplicationThread()) {
      stage.close();
    } else {
      Platform.runLater(stage::close);
    }
  }
}
