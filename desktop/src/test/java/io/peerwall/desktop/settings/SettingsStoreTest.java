package io.peerwall.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
  @TempDir Path dir;

  @Test
  void writesOnTheIoExecutorCoalescingBursts() throws Exception {
    Path file = dir.resolve("wall.json");
    List<Runnable> queued = new ArrayList<>();
    SettingsStore store = SettingsStore.open(file, queued::add);
    for (int i = 0; i < 10; i++) {
      String layout = "layout-" + i;
      store.update(
          s ->
              new WallSettings(
                  layout, Arrays.asList("a", null), null, null, 7, null, "ja", null, null));
    }
    assertThat(Files.exists(file)).isFalse(); // nothing written on the caller's thread
    assertThat(queued).hasSize(1);
    queued.get(0).run();
    WallSettings read = SettingsStore.read(file);
    assertThat(read.layout()).isEqualTo("layout-9");
    assertThat(read.tiles()).containsExactly("a", null);
    assertThat(read.tourSeconds()).isEqualTo(7);
    assertThat(read.language()).isEqualTo("ja");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("wall.json");
    }
  }

  @Test
  void aDamagedFileGivesDefaultsAndIsKeptAside() throws Exception {
    Path file = dir.resolve("wall.json");
    Files.writeString(file, "{ \"layout\": \"2x2\", \"tiles\": [");
    WallSettings read = SettingsStore.open(file, Runnable::run).current();
    assertThat(read.layout()).isNull();
    assertThat(read.tourSeconds()).isEqualTo(WallSettings.DEFAULT_TOUR_SECONDS);
    assertThat(dir.resolve("wall.json.bad")).exists();
  }

  @Test
  void unknownFieldsFromANewerVersionAreIgnored() throws Exception {
    Path file = dir.resolve("wall.json");
    Files.writeString(
        file,
        "{\"layout\":\"3x3\",\"futureThing\":{\"x\":1},\"window\":{\"x\":5,\"y\":6,\"width\":800,\"height\":600,\"maximized\":false,\"screen\":2}}");
    WallSettings read = SettingsStore.read(file);
    assertThat(read.layout()).isEqualTo("3x3");
    assertThat(read.window().width()).isEqualTo(800);
  }
}
