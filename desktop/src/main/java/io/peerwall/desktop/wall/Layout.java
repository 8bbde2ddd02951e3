package io.peerwall.desktop.wall;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shape of the wall: a grid of {@code columns x rows} and the cells placed on it, in the order
 * cameras fill them. Square grids (1, 2x2 ... 8x8) and "one big plus small" layouts (1+5, 1+7,
 * 1+12), whose first cell spans several grid cells.
 *
 * @param id the name shown in menus and saved in the settings ("2x2", "1+5")
 */
public record Layout(String id, int columns, int rows, List<Cell> cells) {

  /** One tile's place on the grid. */
  public record Cell(int column, int row, int columnSpan, int rowSpan) {
    double centerX() {
      return column + columnSpan / 2.0;
    }

    double centerY() {
      return row + rowSpan / 2.0;
    }
  }

  public Layout {
    cells = List.copyOf(cells);
  }

  /** Every layout, in menu and keyboard-shortcut order (keys 1..9, 0). */
  public static final List<Layout> ALL =
      List.of(
          grid(1),
          grid(2),
          grid(3),
          grid(4),
          grid(5),
          grid(6),
          grid(8),
          bigPlus("1+5", 3, 2),
          bigPlus("1+7", 4, 3),
          bigPlus("1+12", 4, 2));

  /** The layout a fresh station starts with for {@code cameras} cameras. */
  public static Layout fitting(int cameras) {
    for (Layout layout : ALL) {
      boolean square = layout.columns() * layout.rows() == layout.size();
      if (square && layout.size() >= cameras) {
        return layout;
      }
    }
    return byId("8x8").orElseThrow();
  }

  public static Optional<Layout> byId(String id) {
    return ALL.stream().filter(l -> l.id().equals(id)).findFirst();
  }

  /** How many tiles the layout shows. */
  public int size() {
    return cells.size();
  }

  static Layout grid(int n) {
    List<Cell> cells = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        cells.add(new Cell(c, r, 1, 1));
      }
    }
    return new Layout(n == 1 ? "1" : n + "x" + n, n, n, cells);
  }

  /** A big tile of {@code bigSpan} squared at the top left, small tiles around it. */
  static Layout bigPlus(String id, int n, int bigSpan) {
    List<Cell> cells = new ArrayList<>();
    cells.add(new Cell(0, 0, bigSpan, bigSpan));
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        if (r >= bigSpan || c >= bigSpan) {
          cells.add(new Cell(c, r, 1, 1));
        }
      }
    }
    return new Layout(id, n, n, cells);
  }

  /**
   * The cell next to {@code from} in a direction (dx, dy of -1, 0 or 1), for arrow-key navigation:
   * the nearest cell whose centre lies that way; {@code from} itself when there is none.
   */
  public int neighbour(int from, int dx, int dy) {
    Cell origin = cells.get(from);
    int best = from;
    double bestScore = Double.MAX_VALUE;
    for (int i = 0; i < cells.size(); i++) {
      Cell c = cells.get(i);
      // Only cells entirely beyond the origin's edge in that direction.
      boolean beyond =
          (dx < 0 && c.column() + c.columnSpan() <= origin.column())
              || (dx > 0 && c.column() >= origin.column() + origin.columnSpan())
              || (dy < 0 && c.row() + c.rowSpan() <= origin.row())
              || (dy > 0 && c.row() >= origin.row() + origin.rowSpan());
      if (!beyond) {
        continue;
      }
      double ddx = c.centerX() - origin.centerX();
      double ddy = c.centerY() - origin.centerY();
      double along = Math.abs(ddx * dx) + Math.abs(ddy * dy);
      double across = Math.abs(ddx * dy) + Math.abs(ddy * dx);
      double score = along + 2 * across;
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }
}
