package io.peerwall.recorder;

import io.peerwall.decoder.AccessUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last few seconds of a "motion only" stream, kept in memory so that a segment can start before
 * the motion: from the newest keyframe that is at least the pre-roll old. The units share their
 * byte arrays with the caller (nothing is copied). Owned by the mux thread.
 */
final class PreRoll {
  /** A buffered unit with its wall-clock time and, for keyframes, its parameter sets. */
  record Entry(AccessUnit unit, long micros, ParameterSets params) {}

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();

  /** Adds a unit; a buffer always starts with a keyframe, so earlier non-keyframes are dropped. */
  void add(AccessUnit unit, long micros, ParameterSets params, long preRollMicros) {
    if (entries.isEmpty() && !unit.keyframe()) {
      return;
    }
    entries.addLast(new Entry(unit, micros, params));
    // Drop everything before the newest keyframe that is old enough to start from.
    long horizon = micros - preRollMicros;
    Entry start = null;
    for (Entry e : entries) {
      if (e.micros() > horizon) {
        break;
      }
      if (e.unit().keyframe()) {
        start = e;
      }
    }
    if (start != null) {
      Iterator<Entry> it = entries.iterator();
      while (it.hasNext() && it.next() != start) {
        it.remove();
      }
    }
  }

  /** Takes every buffered unit, oldest first, and empties the buffer. */
  List<Entry> drain() {
    List<Entry> all = new ArrayList<>(entries);
    entries.clear();
    return all;
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
