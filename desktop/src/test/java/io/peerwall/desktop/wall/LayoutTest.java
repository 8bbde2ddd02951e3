package io.peerwall.desktop.wall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutTest {
  @Test
  void everyLayoutHasItsTileCountAndCoversItsGridExactlyOnce() {
    assertThat(Layout.ALL)
        .extracting(Layout::id)
        .containsExactly("1", "2x2", "3x3", "4x4", "5x5", "6x6", "8x8", "1+5", "1+7", "1+12");
    assertThat(Layout.ALL)
        .extracting(Layout::size)
        .containsExactly(1, 4, 9, 16, 25, 36, 64, 6, 8, 13);
    for (Layout layout : Layout.ALL) {
      Set<List<Integer>> covered = new HashSet<>();
      for (Layout.Cell cell : layout.cells()) {
        for (int c = cell.column(); c < cell.column() + cell.columnSpan(); c++) {
          for (int r = cell.row(); r < cell.row() + cell.rowSpan(); r++) {
            assertThat(covered.add(List.of(c, r))).as(layout.id() + " overlaps").isTrue();
          }
        }
      }
      assertThat(covered).as(layout.id()).hasSize(layout.columns() * layout.rows());
    }
  }

  @Test
  void neighboursFollowTheArrows() {
    Layout bigPlusFive = Layout.byId("1+5").orElseThrow();
    // Big tile 0 at the top left; 1 and 2 in the right column; 3, 4, 5 along the bottom.
    assertThat(bigPlusFive.neighbour(0, 1, 0)).isIn(1, 2);
    assertThat(bigPlusFive.neighbour(0, 0, 1)).isIn(3, 4);
    assertThat(bigPlusFive.neighbour(5, 0, -1)).isEqualTo(2);
    assertThat(bigPlusFive.neighbour(0, -1, 0)).isEqualTo(0);
  }

  @Test
  void digitKeysMapToLayouts() {
    assertThat(WallKeys.digit(javafx.scene.input.KeyCode.DIGIT1)).isEqualTo(0);
    assertThat(WallKeys.digit(javafx.scene.input.KeyCode.DIGIT0)).isEqualTo(9);
    assertThat(WallKeys.digit(javafx.scene.input.KeyCode.NUMPAD4)).isEqualTo(3);
  }
}
