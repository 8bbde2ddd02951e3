package io.peerwall.desktop.wall;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.decoder.FrameBuffer;
import io.peerwall.desktop.station.Feed;
import io.peerwall.desktop.station.FeedState;
import io.peerwall.desktop.station.FeedStats;
import io.peerwall.desktop.station.TripleBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** View-model logic, with no JavaFX toolkit running (only javafx.base properties). */
class WallViewModelTest {

  /** A feed whose state and counters the test sets by hand. */
  private static final class ScriptedFeed implements Feed {
    final String name;
    final FeedStats stats = new FeedStats();
    FeedState state = FeedState.CONNECTING;

    ScriptedFeed(String name) {
      this.name = name;
    }

    @Override
    public String cameraId() {
      return name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public FeedState state() {
      return state;
    }

    @Override
    public String path() {
      return "host";
    }

    @Override
    public FeedStats stats() {
      return stats;
    }

    @Override
    public TripleBuffer<FrameBuffer> frames() {
      throw new UnsupportedOperationException("not used by the view-model");
    }

    @Override
    public void requestOutputSize(int width, int height) {}
  }

  @Test
  void gridIsTheSmallestSquareThatHoldsTheCameras() {
    assertThat(WallViewModel.columnsFor(1)).isEqualTo(1);
    assertThat(WallViewModel.columnsFor(2)).isEqualTo(2);
    assertThat(WallViewModel.columnsFor(4)).isEqualTo(2);
    assertThat(WallViewModel.columnsFor(5)).isEqualTo(3);
    assertThat(WallViewModel.columnsFor(9)).isEqualTo(3);
    assertThat(WallViewModel.columnsFor(16)).isEqualTo(4);
    assertThat(WallViewModel.columnsFor(64)).isEqualTo(8);
    WallViewModel five =
        new WallViewModel(List.of(feed("a"), feed("b"), feed("c"), feed("d"), feed("e")));
    assertThat(five.columns()).isEqualTo(3);
    assertThat(five.rows()).isEqualTo(2);
  }

  @Test
  void tileSaysWhatStateTheCameraIsInAndItsRates() {
    ScriptedFeed feed = feed("Door");
    WallViewModel model = new WallViewModel(List.of(feed));
    TileViewModel tile = model.tiles().get(0);

    model.refresh(1_000_000_000L);
    assertThat(tile.titleProperty().get()).isEqualTo("Door");
    assertThat(tile.statusProperty().get()).isEqualTo("connecting");
    assertThat(model.summaryProperty().get()).isEqualTo("0 of 1 cameras live");

    feed.state = FeedState.LIVE;
    for (int i = 0; i < 30; i++) {
      feed.stats.frameReceived(1_000);
      feed.stats.frameDecoded(0, 0);
    }
    model.refresh(3_000_000_000L); // two seconds later: 30 frames, 30 kB
    assertThat(tile.liveProperty().get()).isTrue();
    assertThat(tile.statusProperty().get()).isEqualTo("live · 15 fps · 120 kbit/s · host");
    assertThat(model.summaryProperty().get()).isEqualTo("1 of 1 cameras live");

    feed.state = FeedState.RECONNECTING;
    model.refresh(4_000_000_000L);
    assertThat(tile.liveProperty().get()).isFalse();
    assertThat(tile.statusProperty().get()).isEqualTo("reconnecting");
  }

  private static ScriptedFeed feed(String name) {
    return new ScriptedFeed(name);
  }
}
