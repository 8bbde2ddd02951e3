package io.peerwall.recorder.motion;

import java.util.Arrays;

/**
 * Cells of a 16x9 grid over the picture that motion detection ignores (a tree in the wind, a busy
 * road). Stored as nine rows of sixteen '0'/'1' separated by '/', '1' = excluded.
 */
public final class MotionMask {
  public static final int COLUMNS = 16;
  public static final int ROWS = 9;

  /** Nothing excluded. */
  public static final MotionMask NONE = new MotionMask(new boolean[COLUMNS * ROWS]);

  private final boolean[] excluded;

  private MotionMask(boolean[] excluded) {
    this.excluded = excluded;
  }

  /** A mask that excludes the cells [column0, column1) x [row0, row1) of {@code this}, too. */
  public MotionMask excluding(int column0, int row0, int column1, int row1) {
    boolean[] cells = excluded.clone();
    for (int r = Math.max(0, row0); r < Math.min(ROWS, row1); r++) {
      for (int c = Math.max(0, column0); c < Math.min(COLUMNS, column1); c++) {
        cells[r * COLUMNS + c] = true;
      }
    }
    return new MotionMask(cells);
  }

  public boolean isExcluded(int column, int row) {
    return excluded[row * COLUMNS + column];
  }

  public boolean isEmpty() {
    for (boolean cell : excluded) {
      if (cell) {
        return false;
      }
    }
    return true;
  }

  /** The stored form, or null when nothing is excluded. */
  public String toSql() {
    if (isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(ROWS * (COLUMNS + 1));
    for (int r = 0; r < ROWS; r++) {
      if (r > 0) {
        out.append('/');
      }
      for (int c = 0; c < COLUMNS; c++) {
        out.append(excluded[r * COLUMNS + c] ? '1' : '0');
      }
    }
    return out.toString();
  }

  /**
   * Parses the stored form; null or blank is {@link #NONE}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static MotionMask parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    String[] rows = text.trim().split("/");
    if (rows.length != ROWS) {
      throw new IllegalArgumentException("a motion mask has 9 rows separated by '/': " + text);
    }
    boolean[] cells = new boolean[COLUMNS * ROWS];
    for (int r = 0; r < ROWS; r++) {
      if (rows[r].length() != COLUMNS || !rows[r].matches("[01]+")) {
        throw new IllegalArgumentException("mask row " + (r + 1) + " is not 16 of 0/1: " + rows[r]);
      }
      for (int c = 0; c < COLUMNS; c++) {
        cells[r * COLUMNS + c] = rows[r].charAt(c) == '1';
      }
    }
    return new MotionMask(cells);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MotionMask other && Arrays.equals(excluded, other.excluded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(excluded);
  }

  @Override
  public String toString() {
    return isEmpty() ? "MotionMask[none]" : "MotionMask[" + toSql() + "]";
  }
}
