package io.peerwall.station.review;

import io.peerwall.recorder.KeyframeIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import java.util.List;
import java.util.Optional;

/**
 * The keyframes of a camera in time order, forwards or backwards from a moment, across segments:
 * what fast and reverse playback show. From the index alone (each segment row holds its keyframe
 * index); a file is read only to decode a keyframe.
 */
final class KeyframeWalk {
  /** A keyframe and where it is. */
  record Step(SegmentInfo segment, KeyframeIndex.Keyframe keyframe, long micros) {}

  private final Recordings recordings;
  private final String cameraId;
  private final boolean forward;
  private SegmentInfo segment;
  private List<KeyframeIndex.Keyframe> keys;
  private int index;
  private boolean started;
  private long from;

  KeyframeWalk(Recordings recordings, String cameraId, long fromMicros, boolean forward) {
    this.recordings = recordings;
    this.cameraId = cameraId;
    this.forward = forward;
    this.from = fromMicros;
  }

  /** The next keyframe in the walk's direction; empty at the end of what is recorded (for now). */
  Optional<Step> next() {
    if (!started) {
      started = true;
      if (!start()) {
        return Optional.empty();
      }
    }
    while (true) {
      if (forward ? index < keys.size() : index >= 0) {
        KeyframeIndex.Keyframe k = keys.get(index);
        index += forward ? 1 : -1;
        long micros = segment.microsOfTicks(k.ticks());
        if (forward ? micros < from : micros > from) {
          continue;
        }
        from = micros + (forward ? 1 : -1);
        return Optional.of(new Step(segment, k, micros));
      }
      if (!advance()) {
        return Optional.empty();
      }
    }
  }

  private boolean start() {
    Optional<Recordings.SeekPoint> at = recordings.seek(cameraId, from);
    if (at.isPresent() && (at.get().inside() || !forward)) {
      use(at.get().segment());
      return true;
    }
    if (!forward) {
      return false;
    }
    Optional<SegmentInfo> next = recordings.nextSegment(cameraId, from);
    next.ifPresent(this::use);
    return next.isPresent();
  }

  private boolean advance() {
    if (forward) {
      if (!segment.closed()) {
        // The segment being recorded: its row may list keyframes written since it was read.
        Optional<Recordings.SeekPoint> fresh = recordings.seek(cameraId, segment.startMicros());
        if (fresh.isPresent()
            && fresh.get().segment().id() == segment.id()
            && (fresh.get().segment().closed()
                || fresh.get().segment().keyframes().length != segment.keyframes().length)) {
          int position = index;
          use(fresh.get().segment());
          index = position;
          return true;
        }
        if (fresh.isPresent() && fresh.get().segment().id() == segment.id()) {
          return false; // nothing newer yet
        }
      }
      Optional<SegmentInfo> next = recordings.nextSegment(cameraId, segment.startMicros());
      next.ifPresent(this::use);
      return next.isPresent();
    }
    Optional<Recordings.SeekPoint> previous = recordings.seek(cameraId, segment.startMicros() - 1);
    if (previous.isEmpty() || previous.get().segment().id() == segment.id()) {
      return false;
    }
    use(previous.get().segment());
    return true;
  }

  private void use(SegmentInfo s) {
    segment = s;
    keys = KeyframeIndex.decode(s.keyframes());
    index = forward ? 0 : keys.size() - 1;
  }
}
