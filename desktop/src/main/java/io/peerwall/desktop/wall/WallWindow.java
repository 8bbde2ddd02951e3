package io.peerwall.desktop.wall;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.desktop.audit.AuditWindow;
import io.peerwall.desktop.cameras.AddCameraView;
import io.peerwall.desktop.cameras.AddCameraViewModel;
import io.peerwall.desktop.evidence.EvidenceMenu;
import io.peerwall.desktop.review.ReviewWindow;
import io.peerwall.desktop.settings.NetworkSettingsView;
import io.peerwall.desktop.settings.NetworkSettingsViewModel;
import io.peerwall.desktop.settings.SettingsStore;
import io.peerwall.desktop.settings.WallSettings;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.desktop.ui.Theme;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.util.NamedThreadFactory;
import io.peerwall.station.StationSetup;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.network.NetworkSettings;
import io.peerwall.station.review.ExportSigning;
import io.peerwall.station.review.ReviewSession;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.input.KeyCombination;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall in its own window. Starts the JavaFX toolkit on first use (no {@code Application}
 * subclass: the station owns the lifecycle, the window is one of its displays). Owns the wall's I/O
 * thread {@code wall-io}, which samples CPU load, writes the settings and the snapshots.
 */
public final class WallWindow {
  private static final Logger log = LoggerFactory.getLogger(WallWindow.class);

  private final Stage stage;
  private final WallView view;
  private final ScheduledExecutorService io;
  private final SettingsStore store;
  private final List<AutoCloseable> closeWithWindow = new java.util.ArrayList<>();

  private WallWindow(Stage stage, WallView view, ScheduledExecutorService io, SettingsStore store) {
    this.stage = stage;
    this.view = view;
    this.io = io;
    this.store = store;
  }

  /** A window that remembers nothing and cannot add cameras (kept for simple callers). */
  public static WallWindow open(
      String title, List<? extends Feed> feeds, Clock clock, Runnable onClosed) {
    return open(title, feeds, clock, onClosed, WallServices.none());
  }

  /**
   * Opens the window and returns once it is showing. {@code onClosed} runs on the FX thread when
   * the user closes the window; it must not block. Reads the settings file on the calling thread.
   *
   * @throws UserFacingException when no window can be opened (no display, no JavaFX)
   */
  public static WallWindow open(
      String title,
      List<? extends Feed> feeds,
      Clock clock,
      Runnable onClosed,
      WallServices services) {
    ScheduledExecutorService io =
        Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single("wall-io"));
    SettingsStore store =
        services.settingsFile() == null ? null : SettingsStore.open(services.settingsFile(), io);
    AtomicReference<NetworkSettings> network = loadNetwork(services);
    CompletableFuture<WallWindow> shown = new CompletableFuture<>();
    Runnable build =
        () -> {
          try {
            shown.complete(build(title, feeds, clock, onClosed, services, io, store, network));
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
      io.shutdownNow();
      throw noWindow(e);
    }
    try {
      return shown.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      io.shutdownNow();
      throw noWindow(e.getCause() != null ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      io.shutdownNow();
      throw noWindow(e);
    }
  }

  /**
   * JavaFX hands an exception thrown in an event handler or a pulse to the FX thread's handler and
   * goes on; by default that prints to stderr. Ours logs it to peerwall.log. FX thread only.
   */
  static void logUncaughtOnFxThread() {
    Thread.currentThread()
        .setUncaughtExceptionHandler(
            (thread, e) -> log.error("Uncaught exception on the JavaFX thread", e));
  }

  private static WallWindow build(
      String title,
      List<? extends Feed> feeds,
      Clock clock,
      Runnable onClosed,
      WallServices services,
      ScheduledExecutorService io,
      SettingsStore store,
      AtomicReference<NetworkSettings> network) {
    logUncaughtOnFxThread();
    WallSettings saved = store == null ? WallSettings.empty() : store.current();
    Texts texts = Texts.of(services.locale(saved.language()));
    ZoneId zone = ZoneId.systemDefault();
    SystemLoad load = SystemLoad.start(io);
    WallViewModel model = new WallViewModel(feeds, texts, clock, zone, load, store);
    model.status().showDiskUse(services.disk());
    model.useSnapshots(
        new SnapshotWriter(services.snapshotDir(), io, Platform::runLater, clock, zone));
    model.onCameraRemoved(
        feed -> {
          if (feed instanceof AutoCloseable closeable) {
            io.execute(() -> closeQuietly(closeable)); // closing joins threads: never here
          }
        });
    Stage stage = new Stage();
    Runnable addCamera =
        services.pairing() == null
            ? null
            : () ->
                AddCameraView.open(
                    stage,
                    new AddCameraViewModel(
                        services.pairing(),
                        texts,
                        Platform::runLater,
                        f -> model.addCamera(f, zone)),
                    texts);
    WallView view = new WallView(model, clock, addCamera);
    if (network != null) {
      view.setOnNetworkSettings(
          () ->
              NetworkSettingsView.open(
                  stage,
                  new NetworkSettingsViewModel(
                      network.get(), n -> saveNetwork(n, services, network, io), texts),
                  texts));
    }
    if (services.audit() != null) {
      view.setOnAudit(
          () ->
              AuditWindow.open(stage, services.audit(), texts, clock, StationSetup.stationName()));
    }
    Scene scene = new Scene(view, 1280, 760);
    Theme.apply(scene);
    stage.setTitle(title);
    stage.setScene(scene);
    placeWindow(stage, saved.window());
    stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH); // Esc is the wall's
    stage.setFullScreenExitHint(texts.get("wall.fullScreenHint"));
    model.fullScreenProperty().addListener((obs, was, full) -> stage.setFullScreen(full));
    stage.fullScreenProperty().addListener((obs, was, full) -> model.fullScreenChanged(full));
    rememberWindow(stage, model);
    Notifier notifier = new Notifier(stage, texts);
    model.onEvent(notifier::show);
    if (services.dirs() != null) {
      model
          .review()
          .setLauncher(
              request -> openReview(request, feeds, texts, clock, zone, services, notifier));
    }
    if (store != null) {
      store.onFailure(
          e ->
              Platform.runLater(
                  () ->
                      notifier.show(
                          new WallEvent(
                              WallEvent.Kind.INFO,
                              "",
                              texts.get("notify.settingsFailed", e.getMessage())))));
    }
    stage.setOnCloseRequest(e -> onClosed.run());
    EvidenceMenu evidence =
        services.evidence() == null
            ? null
            : new EvidenceMenu(services.evidence(), texts, zone, clock);
    if (evidence != null) {
      view.addTool(evidence);
    }
    stage.show();
    view.start();
    WallWindow window = new WallWindow(stage, view, io, store);
    if (evidence != null) {
      window.closeWithWindow.add(evidence);
    }
    return window;
  }

  /** Opens a review window on the station's recordings (issue 14); failures are notified. */
  private static void openReview(
      WallReview.Request request,
      List<? extends Feed> feeds,
      Texts texts,
      Clock clock,
      ZoneId zone,
      WallServices services,
      Notifier notifier) {
    java.util.Map<String, Feed> live = new java.util.HashMap<>();
    feeds.forEach(f -> live.put(f.cameraId(), f));
    ReviewWindow.open(
        new ReviewWindow.Spec(
            services.dirs().data(),
            request.cameras().stream()
                .map(c -> new ReviewSession.Camera(c.id(), c.name()))
                .toList(),
            request.startMicros(),
            live,
            texts,
            clock,
            zone,
            // Signed with the station's key, as every other export (evidence.md §6).
            services.evidence() == null
                ? ExportSigning.none()
                : services.evidence().exports()::signer,
            java.nio.file.Path.of(System.getProperty("user.home"), "PeerWall exports"),
            request.play()),
        () -> {},
        window -> {},
        sentence -> notifier.show(new WallEvent(WallEvent.Kind.INFO, "", sentence)));
  }

  /**
   * Seals a new TURN password under the station's key and writes the station's network settings, on
   * the I/O thread; sessions made later use them.
   */
  private static void saveNetwork(
      NetworkSettingsViewModel.Edit edit,
      WallServices services,
      AtomicReference<NetworkSettings> network,
      ScheduledExecutorService io) {
    network.set(edit.settings());
    io.execute(
        () -> {
          try {
            NetworkSettings settings = edit.settings();
            NetworkSettingsViewModel.NewTurn t = edit.newTurn();
            if (t != null) {
              Identity station = StationSetup.open(services.dirs()).identity();
              List<SealedTurnServer> turns = new ArrayList<>(settings.turn());
              SealedTurnServer sealed =
                  SealedTurnServer.seal(station, t.address(), t.username(), t.password());
              if (turns.isEmpty()) {
                turns.add(sealed);
              } else {
                turns.set(0, sealed);
              }
              settings = settings.withTurn(turns);
            }
            settings.save(services.dirs());
            network.set(settings);
          } catch (java.io.IOException | RuntimeException e) {
            log.warn("cannot save the network settings: {}", e.getMessage());
          }
        });
  }

  /** The station's network settings, read on the calling thread; null when there are none. */
  private static AtomicReference<NetworkSettings> loadNetwork(WallServices services) {
    if (services.dirs() == null) {
      return null;
    }
    try {
      return new AtomicReference<>(NetworkSettings.load(services.dirs()));
    } catch (RuntimeException e) {
      log.warn("network settings unreadable, the dialog is off: {}", e.getMessage());
      return null;
    }
  }

  private static void placeWindow(Stage stage, WallSettings.Window w) {
    if (w == null || w.width() < 200 || w.height() < 150) {
      return;
    }
    // Only where a screen still is (a monitor may have gone since).
    Rectangle2D wanted = new Rectangle2D(w.x(), w.y(), w.width(), w.height());
    boolean onScreen =
        Screen.getScreens().stream()
            .anyMatch(
                s -> s.getVisualBounds().intersects(wanted.getMinX(), wanted.getMinY(), 100, 50));
    if (onScreen) {
      stage.setX(w.x());
      stage.setY(w.y());
      stage.setWidth(w.width());
      stage.setHeight(w.height());
    }
    stage.setMaximized(w.maximized());
  }

  private static void rememberWindow(Stage stage, WallViewModel model) {
    PauseTransition settle = new PauseTransition(Duration.millis(500));
    settle.setOnFinished(
        e -> {
          if (!stage.isFullScreen()) {
            model.windowMoved(
                new WallSettings.Window(
                    stage.getX(),
                    stage.getY(),
                    stage.getWidth(),
                    stage.getHeight(),
                    stage.isMaximized()));
          }
        });
    javafx.beans.InvalidationListener moved = obs -> settle.playFromStart();
    stage.xProperty().addListener(moved);
    stage.yProperty().addListener(moved);
    stage.widthProperty().addListener(moved);
    stage.heightProperty().addListener(moved);
    stage.maximizedProperty().addListener(moved);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("closing a removed camera failed: {}", e.toString());
    }
  }

  private static UserFacingException noWindow(Throwable cause) {
    return new UserFacingException(
        ExitCode.FAILURE,
        "cannot open a window ("
            + cause.getMessage()
            + "); check DISPLAY and GTK 3, or run with --headless",
        cause);
  }

  /**
   * Starts JavaFX and shows (then hides) a themed window, so that a measurement's baseline includes
   * the toolkit, renderer and theme (paid once per station, not per tile): {@code bench wall}.
   */
  public static void warmUpToolkit() throws Exception {
    java.util.concurrent.CompletableFuture<Void> shown =
        new java.util.concurrent.CompletableFuture<>();
    Runnable show =
        () -> {
          logUncaughtOnFxThread();
          javafx.stage.Stage stage = new javafx.stage.Stage();
          javafx.scene.Scene scene =
              new javafx.scene.Scene(new javafx.scene.control.Label("PeerWall"), 320, 200);
          Theme.apply(scene);
          stage.setScene(scene);
          stage.show();
          stage.hide();
          shown.complete(null);
        };
    javafx.application.Platform.setImplicitExit(false);
    try {
      javafx.application.Platform.startup(show);
    } catch (IllegalStateException alreadyRunning) {
      javafx.application.Platform.runLater(show);
    }
    shown.get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** The wall's view ({@link PulseProbe} times its pulses). */
  WallView view() {
    return view;
  }

  /**
   * Closes the window, writes the settings and stops the JavaFX toolkit; waits up to 5 s for the FX
   * thread and 2 s for the last write.
   */
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
      closeWithWindow.forEach(WallWindow::closeQuietly);
      if (store != null) {
        io.execute(store::flush);
      }
      io.shutdown();
      io.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    io.shutdownNow();
    Platform.exit();
  }
}
