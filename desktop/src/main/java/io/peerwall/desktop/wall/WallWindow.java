package io.peerwall.desktop.wall;

import io.peerwall.desktop.app.ExitCode;
import io.peerwall.desktop.app.UserFacingException;
import io.peerwall.desktop.station.Feed;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The wall in its own window. Starts the JavaFX toolkit on first use (no {@code Application}
 * subclass: the station owns the lifecycle, the window is one of its displays).
 */
public final class WallWindow {
  private final Stage stage;
  private final WallView view;

  private WallWindow(Stage stage, WallView view) {
    this.stage = stage;
    this.view = view;
  }

  /**
   * Opens the window and returns once it is showing. {@code onClosed} runs on the FX thread when
   * the user closes the window; it must not block.
   *
   * @throws UserFacingException when no window can be opened (no display, no JavaFX)
   */
  public static WallWindow open(
      String title, List<? extends Feed> feeds, Clock clock, Runnable onClosed) {
    CompletableFuture<WallWindow> shown = new CompletableFuture<>();
    Runnable build =
        () -> {
          try {
            shown.complete(build(title, feeds, clock, onClosed));
          } catch (RuntimeException e) {
            shown.completeExceptionally(e);
          }
        };
    try {
      Platform.setImplicitExit(false);
      Platform.startup(build);
    } catch (IllegalStateException alreadyRunning) {
      Platform.runLater(build);
    } catch (RuntimeException | LinkageError e) {
      throw noWindow(e);
    }
    try {
      return shown.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw noWindow(e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw noWindow(e);
    }
  }

  private static WallWindow build(
      String title, List<? extends Feed> feeds, Clock clock, Runnable onClosed) {
    WallView view = new WallView(new WallViewModel(feeds), clock);
    Scene scene = new Scene(view, 1280, 760);
    scene
        .getStylesheets()
        .add(WallWindow.class.getResource("/io/peerwall/desktop/wall/wall.css").toExternalForm());
    Stage stage = new Stage();
    stage.setTitle(title);
    stage.setScene(scene);
    stage.setOnCloseRequest(e -> onClosed.run());
    stage.show();
    view.start();
    return new WallWindow(stage, view);
  }

  private static UserFacingException noWindow(Throwable cause) {
    return new UserFacingException(
        ExitCode.FAILURE,
        "cannot open a window ("
            + cause.getMessage()
            + "); check DISPLAY and GTK 3, or run with --headless",
        cause);
  }

  /** Closes the window and stops the JavaFX toolkit; waits up to 5 s for the FX thread. */
  public void close() {
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          view.stop();
          stage.close();
          done.countDown();
        });
    try {
      done.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Platform.exit();
  }
}
