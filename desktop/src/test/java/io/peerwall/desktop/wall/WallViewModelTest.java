package io.peerwall.desktop.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.settings.SettingsStore;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.FeedState;
import io.peerwall.station.recordings.DiskUse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wall's view-model with no JavaFX toolkit running (only javafx.base properties). */
class WallViewModelTest {
  private static final Texts EN = Texts.of(Locale.ENGLISH);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-02T14:05:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private static List<ScriptedFeed> feeds(int n) {
    List<ScriptedFeed> feeds = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      feeds.add(new ScriptedFeed("cam-" + i, "Camera " + i));
    }
    return feeds;
  }

  private static WallViewModel wall(List<ScriptedFeed> feeds) {
    return new WallViewModel(feeds, EN, CLOCK, ZoneOffset.UTC, () -> 0.25, null);
  }

  @Test
  void startsWithTheSmallestSquareLayoutThatHoldsEveryCamera() {
    assertThat(wall(feeds(1)).layoutProperty().get().id()).isEqualTo("1");
    assertThat(wall(feeds(4)).layoutProperty().get().id()).isEqualTo("2x2");
    assertThat(wall(feeds(5)).layoutProperty().get().id()).isEqualTo("3x3");
    assertThat(wall(feeds(40)).layoutProperty().get().id()).isEqualTo("8x8");
    WallViewModel five = wall(feeds(5));
    assertThat(five.slots())
        .containsExactly("cam-1", "cam-2", "cam-3", "cam-4", "cam-5", null, null, null, null);
  }

  @Test
  void switchingLayoutsKeepsTheOrderAndHidesCamerasThatNoLongerFit() {
    List<ScriptedFeed> feeds = feeds(6);
    WallViewModel wall = wall(feeds);
    wall.selectLayout(Layout.byId("2x2").orElseThrow());
    assertThat(wall.slots()).containsExactly("cam-1", "cam-2", "cam-3", "cam-4");
    assertThat(feeds.get(4).visible).isFalse();
    assertThat(feeds.get(0).visible).isTrue();
    wall.selectLayout(Layout.byId("1+5").orElseThrow());
    assertThat(wall.slots()).containsExactly("cam-1", "cam-2", "cam-3", "cam-4", "cam-5", "cam-6");
    assertThat(feeds).allSatisfy(f -> assertThat(f.visible).isTrue());
  }

  @Test
  void draggingSwapsTilesAndAListCameraReplacesOrSwaps() {
    List<ScriptedFeed> feeds = feeds(5);
    WallViewModel wall = wall(feeds);
    wall.selectLayout(Layout.byId("2x2").orElseThrow());
    wall.swap(0, 3);
    assertThat(wall.slots()).containsExactly("cam-4", "cam-2", "cam-3", "cam-1");
    wall.assign("cam-5", 1); // from the list: not on the wall yet
    assertThat(wall.slots()).containsExactly("cam-4", "cam-5", "cam-3", "cam-1");
    assertThat(feeds.get(1).visible).isFalse();
    assertThat(feeds.get(4).visible).isTrue();
    wall.assign("cam-3", 0); // already on the wall: the two swap
    assertThat(wall.slots()).containsExactly("cam-3", "cam-5", "cam-4", "cam-1");
  }

  @Test
  void maximizeShowsOneTileAndEscapeComesBack() {
    List<ScriptedFeed> feeds = feeds(4);
    WallViewModel wall = wall(feeds);
    wall.maximize(2);
    assertThat(wall.maximizedProperty().get()).isEqualTo(2);
    assertThat(feeds.stream().map(f -> f.visible)).containsExactly(false, false, true, false);
    wall.moveSelection(1, 0); // arrows step through cameras while maximized
    assertThat(wall.maximizedProperty().get()).isEqualTo(3);
    wall.toggleFullScreen();
    assertThat(wall.escape()).isTrue();
    assertThat(wall.maximizedProperty().get()).isEqualTo(-1);
    assertThat(wall.fullScreenProperty().get()).isTrue();
    assertThat(feeds).allSatisfy(f -> assertThat(f.visible).isTrue());
    assertThat(wall.escape()).isTrue();
    assertThat(wall.fullScreenProperty().get()).isFalse();
    assertThat(wall.escape()).isFalse();
  }

  @Test
  void arrowKeysMoveTheSelectionOnTheGrid() {
    WallViewModel wall = wall(feeds(9));
    wall.moveSelection(1, 0);
    assertThat(wall.selectedProperty().get()).isEqualTo(1);
    wall.moveSelection(0, 1);
    assertThat(wall.selectedProperty().get()).isEqualTo(4);
    wall.moveSelection(-1, 0);
    wall.moveSelection(-1, 0);
    assertThat(wall.selectedProperty().get()).isEqualTo(3);
  }

  @Test
  void tileStatesAreInPlainWordsWithTheActionToTake() {
    ScriptedFeed feed = new ScriptedFeed("door", "Door");
    WallViewModel wall = wall(List.of(feed));
    TileViewModel tile = wall.tile("door");
    List<WallEvent> events = new ArrayList<>();
    wall.onEvent(events::add);

    wall.refresh(1_000_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("connecting…");
    assertThat(tile.kindProperty().get()).isEqualTo(TileState.WAITING);

    feed.state = FeedState.LIVE;
    for (int i = 0; i < 30; i++) {
      feed.stats.frameReceived(1_000);
      feed.stats.frameDecoded("main", 0, 0);
    }
    wall.refresh(3_000_000_000L); // two seconds later: 30 frames, 30 kB
    assertThat(tile.statusProperty().get()).isEqualTo("live");
    assertThat(tile.statsProperty().get()).isEqualTo("15 fps · 120 kbit/s · LAN · main");
    assertThat(wall.status().liveSummaryProperty().get()).isEqualTo("1 of 1 cameras live");
    assertThat(wall.status().cpuProperty().get()).isEqualTo("CPU 25 %");
    assertThat(wall.status().bandwidthProperty().get()).isEqualTo("0.1 Mbit/s");
    assertThat(wall.status().diskProperty().get()).as("not recording: no disk figure").isEmpty();
    assertThat(events).isEmpty(); // the first connection is not news

    wall.status().showDiskUse(() -> new DiskUse(12_431_000_000L, 410_200_000_000L));
    wall.refresh(3_500_000_000L);
    assertThat(wall.status().diskProperty().get()).isEqualTo("Recordings 12.4 GB · 410.2 GB free");
    // With evidence locks: how much is locked, and the recorder's warning when locks take the
    // quota.
    wall.status()
        .showDiskUse(
            () ->
                new DiskUse(
                    12_431_000_000L,
                    410_200_000_000L,
                    2_100_000_000L,
                    "recordings under evidence locks (2002 MB) exceed the quota (1907 MB)"));
    wall.refresh(3_700_000_000L);
    assertThat(wall.status().diskProperty().get())
        .isEqualTo(
            "Recordings 12.4 GB (2.1 GB locked) · 410.2 GB free · evidence locks: recordings under"
                + " evidence locks (2002 MB) exceed the quota (1907 MB)");
    wall.status().showDiskUse(() -> new DiskUse(12_431_000_000L, 410_200_000_000L));

    feed.state = FeedState.RECONNECTING;
    feed.reconnects = 3;
    feed.downSince = CLOCK.millis() - 5_000;
    wall.refresh(4_000_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("reconnecting 3");
    assertThat(tile.kindProperty().get()).isEqualTo(TileState.WARNING);
    assertThat(tile.statsProperty().get()).isEmpty();
    assertThat(events).extracting(WallEvent::kind).containsExactly(WallEvent.Kind.DOWN);

    feed.downSince = CLOCK.millis() - 120_000; // down since 14:03
    wall.refresh(5_000_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("unreachable since 14:03");
    assertThat(tile.actionProperty().get()).contains("power and network");
    assertThat(tile.kindProperty().get()).isEqualTo(TileState.ERROR);

    feed.state = FeedState.LIVE;
    wall.refresh(6_000_000_000L);
    assertThat(events)
        .extracting(WallEvent::kind)
        .containsExactly(WallEvent.Kind.DOWN, WallEvent.Kind.UP);
    assertThat(events.get(1).message()).isEqualTo("Door is live again.");

    feed.state = FeedState.WRONG_PASSWORD;
    wall.refresh(7_000_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("wrong password");
    assertThat(tile.actionProperty().get()).contains("current password");
    feed.state = FeedState.LOCKED_OUT;
    wall.refresh(8_000_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("locked out");
    feed.state = FeedState.NOT_PAIRED;
    wall.refresh(8_500_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("not paired");
    assertThat(tile.actionProperty().get()).contains("unpaired").contains("Add it again");
    assertThat(events.get(events.size() - 1).message())
        .isEqualTo("Door no longer knows this station: not connected.");
    feed.state = FeedState.KEY_CHANGED;
    wall.refresh(9_000_000_000L);
    assertThat(tile.statusProperty().get()).isEqualTo("KEY CHANGED!");
    assertThat(tile.kindProperty().get()).isEqualTo(TileState.ALARM);
    assertThat(tile.actionProperty().get()).contains("impostor");
    assertThat(events)
        .extracting(WallEvent::kind)
        .containsExactly(
            WallEvent.Kind.DOWN,
            WallEvent.Kind.UP,
            WallEvent.Kind.REFUSED,
            WallEvent.Kind.REFUSED,
            WallEvent.Kind.REFUSED,
            WallEvent.Kind.KEY_CHANGED);
  }

  @Test
  void aCameraThatNeverConnectedSaysSinceWhen() {
    ScriptedFeed feed = new ScriptedFeed("gate", "Gate");
    feed.state = FeedState.UNREACHABLE;
    feed.downSince = CLOCK.millis() - 1_000;
    WallViewModel wall = wall(List.of(feed));
    wall.refresh(1);
    assertThat(wall.tile("gate").statusProperty().get()).isEqualTo("unreachable since 14:04");
  }

  /** Each way reaching a camera can fail has its own words on the tile, with what to do. */
  @Test
  void anUnreachableCameraSaysWhyAndWhatFixesIt() {
    ScriptedFeed feed = new ScriptedFeed("gate", "Gate");
    feed.state = FeedState.UNREACHABLE;
    feed.downSince = CLOCK.millis() - 1_000;
    feed.problem = new FeedProblem(FeedProblem.Kind.NO_ROUTE, "no LAN discovery");
    WallViewModel wall = wall(List.of(feed));
    wall.refresh(1);
    TileViewModel tile = wall.tile("gate");
    assertThat(tile.actionProperty().get())
        .startsWith("Not on this network, and no rendezvous is set")
        .contains("peerwall network --rendezvous HOST:PORT#ID");
    feed.problem = new FeedProblem(FeedProblem.Kind.CAMERA_OFFLINE, "not registered");
    wall.refresh(2);
    assertThat(tile.actionProperty().get()).startsWith("The camera is offline");
    feed.problem = new FeedProblem(FeedProblem.Kind.TURN_REFUSED, "401");
    wall.refresh(3);
    assertThat(tile.actionProperty().get()).contains("refused this station's credentials");
    for (FeedProblem.Kind kind : FeedProblem.Kind.values()) {
      feed.problem = new FeedProblem(kind, "detail");
      wall.refresh(4);
      assertThat(tile.actionProperty().get()).as(kind.name()).isNotEmpty().doesNotContain("detail");
    }
    feed.state = FeedState.RECONNECTING;
    feed.reconnects = 2;
    feed.downSince = CLOCK.millis() - 2_000;
    feed.problem = new FeedProblem(FeedProblem.Kind.RENDEZVOUS_DOWN, "refused");
    wall.refresh(5);
    assertThat(tile.statusProperty().get()).isEqualTo("reconnecting 2");
    assertThat(tile.actionProperty().get()).startsWith("The rendezvous does not answer");

    WallViewModel ja =
        new WallViewModel(
            List.of(feed), Texts.of(Locale.JAPANESE), CLOCK, ZoneOffset.UTC, () -> 0.5, null);
    feed.problem = new FeedProblem(FeedProblem.Kind.NO_ROUTE, "");
    ja.refresh(6);
    assertThat(ja.tile("gate").actionProperty().get()).startsWith("このネットワーク上になく");
  }

  @Test
  void japaneseTilesSpeakJapanese() {
    ScriptedFeed feed = new ScriptedFeed("door", "玄関");
    feed.state = FeedState.KEY_CHANGED;
    WallViewModel wall =
        new WallViewModel(
            List.of(feed), Texts.of(Locale.JAPANESE), CLOCK, ZoneOffset.UTC, () -> 0.5, null);
    wall.refresh(1);
    assertThat(wall.tile("door").statusProperty().get()).isEqualTo("鍵が変わりました！");
    assertThat(wall.status().liveSummaryProperty().get()).isEqualTo("カメラ 1 台中 0 台がライブ");
  }

  @Test
  void namedViewsAndTheTourComeBackAfterARestart() throws Exception {
    Path file = dir.resolve("config/wall.json");
    SettingsStore store = SettingsStore.open(file, Runnable::run);
    List<ScriptedFeed> feeds = feeds(8);
    WallViewModel wall = new WallViewModel(feeds, EN, CLOCK, ZoneOffset.UTC, () -> 0, store);
    wall.selectLayout(Layout.byId("2x2").orElseThrow());
    wall.views().save("Front");
    wall.selectLayout(Layout.byId("1+5").orElseThrow());
    wall.swap(0, 5);
    wall.views().save("Yard");
    wall.rename("cam-2", "Loading bay");
    wall.views().apply("Front");
    assertThat(Files.readString(file))
        .contains("\"lastView\" : \"Front\"")
        .doesNotContain("password");

    WallViewModel again =
        new WallViewModel(
            feeds, EN, CLOCK, ZoneOffset.UTC, () -> 0, SettingsStore.open(file, Runnable::run));
    assertThat(again.layoutProperty().get().id()).isEqualTo("2x2");
    assertThat(again.slots()).containsExactly("cam-1", "cam-2", "cam-3", "cam-4");
    assertThat(again.views().currentProperty().get()).isEqualTo("Front");
    assertThat(again.views().saved()).extracting(SavedView::name).containsExactly("Front", "Yard");
    assertThat(again.tile("cam-2").titleProperty().get()).isEqualTo("Loading bay");

    again.views().startTour(5);
    again.refresh(1_000_000_000L);
    again.refresh(5_000_000_000L);
    assertThat(again.views().currentProperty().get()).isEqualTo("Front");
    again.refresh(6_100_000_000L);
    assertThat(again.views().currentProperty().get()).isEqualTo("Yard");
    assertThat(again.layoutProperty().get().id()).isEqualTo("1+5");
    assertThat(again.slots().get(0)).isEqualTo("cam-6");
    again.views().next();
    assertThat(again.views().currentProperty().get()).isEqualTo("Front");
  }

  @Test
  void withoutSavedViewsTheTourPagesThroughTheCameras() {
    WallViewModel wall = wall(feeds(6));
    wall.selectLayout(Layout.byId("2x2").orElseThrow());
    wall.views().next();
    assertThat(wall.slots()).containsExactly("cam-5", "cam-6", null, null);
    wall.views().next();
    assertThat(wall.slots()).containsExactly("cam-1", "cam-2", "cam-3", "cam-4");
  }

  @Test
  void addedCamerasTakeTheFirstEmptyTileAndRemovedOnesLeaveIt() {
    List<ScriptedFeed> feeds = feeds(3);
    WallViewModel wall = wall(feeds);
    List<WallEvent> events = new ArrayList<>();
    wall.onEvent(events::add);
    List<Object> closed = new ArrayList<>();
    wall.onCameraRemoved(closed::add);
    wall.addCamera(new ScriptedFeed("new", "New one"), ZoneOffset.UTC);
    assertThat(wall.slots()).containsExactly("cam-1", "cam-2", "cam-3", "new");
    assertThat(events)
        .extracting(WallEvent::message)
        .containsExactly("New one was added to the station.");
    wall.removeCamera("cam-2");
    assertThat(wall.slots()).containsExactly("cam-1", null, "cam-3", "new");
    assertThat(wall.cameras())
        .extracting(TileViewModel::cameraId)
        .containsExactly("cam-1", "cam-3", "new");
    assertThat(closed).containsExactly(feeds.get(1));
    assertThat(Arrays.asList(feeds.get(1).visible)).containsExactly(false);
  }

  @Test
  void snapshotWritesThePictureOnScreenAsPng() throws Exception {
    ScriptedFeed feed = new ScriptedFeed("door", "Front door");
    WallViewModel wall = wall(List.of(feed));
    List<WallEvent> events = new ArrayList<>();
    wall.onEvent(events::add);
    wall.snapshot(0);
    assertThat(events)
        .extracting(WallEvent::message)
        .containsExactly("No picture from Front door to save yet.");

    List<Runnable> io = new ArrayList<>();
    wall.useSnapshots(new SnapshotWriter(dir, io::add, Runnable::run, CLOCK, ZoneOffset.UTC));
    feed.showColour(0x336699);
    feed.frames().takeLatest(); // as the wall's pulse does: now it is on screen
    feed.stats.frameDisplayed(0, 0);
    wall.snapshot(0);
    assertThat(io).hasSize(1); // encoding waits for the I/O thread
    io.get(0).run();
    Path file = dir.resolve("Front_door-20260302-140500.png");
    assertThat(events.get(1).message()).isEqualTo("Snapshot of Front door saved to " + file);
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(file.toFile());
    assertThat(png.getWidth()).isEqualTo(64);
    assertThat(png.getRGB(5, 5) & 0xffffff).isEqualTo(0x336699);
  }

  @Test
  void camerasThatAreGoneDoNotLeaveTheWallBlankAfterARestart() throws Exception {
    Path file = dir.resolve("wall.json");
    Files.writeString(file, "{\"layout\":\"2x2\",\"tiles\":[\"old-1\",null,\"cam-2\",\"old-4\"]}");
    WallViewModel wall =
        new WallViewModel(
            feeds(3), EN, CLOCK, ZoneOffset.UTC, () -> 0, SettingsStore.open(file, Runnable::run));
    assertThat(wall.slots()).containsExactly("cam-1", "cam-3", "cam-2", null);
  }
}
