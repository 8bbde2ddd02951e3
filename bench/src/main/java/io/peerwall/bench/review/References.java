package io.peerwall.bench.review;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecoderOptions;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import io.peerwall.recorder.SegmentReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The review's unavoidable work, measured in the same run with a bare decoder on the recorded
 * frames: a whole GOP of 1080p decoded (what an exact frame at the end of a GOP costs at least) and
 * one keyframe decoded and scaled (what a scrub picture or a 16× picture costs).
 *
 * @param gopNanos median time to decode a 2 s GOP and scale its last picture to a tile
 * @param keyframeNanos median time to decode and scale one keyframe
 */
record References(long gopNanos, long keyframeNanos) {

  static References measure(Path data, ReviewBenchData recorded) throws Exception {
    List<AccessUnit> gop = new ArrayList<>();
    try (Recordings recordings = Recordings.open(data)) {
      SegmentInfo first =
          recordings
              .segments("bench-cam-1", recorded.t0, recorded.t0 + 10 * ReviewBenchData.S)
              .get(0);
      SegmentReader.read(
          first,
          (unit, offset, length) -> {
            if (unit.keyframe() && !gop.isEmpty()) {
              return false;
            }
            gop.add(unit);
            return true;
          });
    }
    FrameBuffer tile = new FrameBuffer(640, 360);
    long[] gops = new long[9];
    long[] keys = new long[25];
    try (StreamDecoder decoder = new StreamDecoder(gop.get(0).codec(), DecoderOptions.defaults())) {
      for (int round = 0; round < gops.length; round++) {
        decoder.signalLoss();
        long started = System.nanoTime();
        for (int i = 0; i < gop.size(); i++) {
          decoder.decode(gop.get(i), i == gop.size() - 1 ? tile : null);
        }
        gops[round] = System.nanoTime() - started;
      }
      for (int round = 0; round < keys.length; round++) {
        decoder.signalLoss();
        long started = System.nanoTime();
        decoder.decode(gop.get(0), tile);
        keys[round] = System.nanoTime() - started;
      }
    }
    return new References(median(gops), median(keys));
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
