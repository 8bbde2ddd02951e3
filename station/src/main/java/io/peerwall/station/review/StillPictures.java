package io.peerwall.station.review;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.recorder.KeyframeIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import java.io.IOException;
import java.util.Optional;

/**
 * A player's still pictures: the keyframe at or before a time (scrubbing: one frame read and
 * decoded), the last frame at or before a time (a click, the end of a scrub, a step back), and the
 * first frame after one (a step forward).
 */
final class StillPictures {
  /** A little more than one 90 kHz tick. */
  private static final long TICK_MICROS = 12;

  private final CameraPlayer player;
  private final Recordings recordings;
  private final CommandSlot slot;
  private final DecoderPosition decoder;

  StillPictures(CameraPlayer player, DecoderPosition decoder) {
    this.player = player;
    this.recordings = player.recordings();
    this.slot = player.slot();
    this.decoder = decoder;
  }

  /** The keyframe at or before the time: one frame read and decoded. */
  void showKeyframe(PlayerCommand command) throws IOException {
    long t = command.micros();
    Optional<Recordings.SeekPoint> at = recordings.seek(player.cameraId(), t);
    if (at.isEmpty() || !at.get().inside()) {
      showGap(t);
      return;
    }
    SegmentInfo segment = at.get().segment();
    if (decoder.onScreen()
        && decoder.within(segment, at.get().keyframeMicros(), at.get().keyframeMicros())) {
      player.setStatus(PlayerState.SHOWING, -1, "");
      return; // the same picture as now
    }
    decoder.reset();
    boolean[] shown = {false};
    decoder
        .cursor()
        .fromKeyframe(
            segment,
            at.get().keyframe(),
            (unit, offset, length) -> {
              if (decoder.decode(unit, offset, length, segment, true)) {
                player.publish(PlayerState.SHOWING, unit.ptsMicros());
                shown[0] = true;
              }
              return false;
            });
    if (!shown[0]) {
      decoder.reset();
      player.setStatus(PlayerState.DAMAGED, -1, segment.file().getFileName().toString());
    }
  }

  /**
   * EXACT: the last frame at or before the time. AFTER: the first frame after it (a step forward;
   * across a gap, the first frame recorded after it).
   */
  void showExact(PlayerCommand command) throws IOException {
    boolean after = command.kind() == PlayerCommand.Kind.AFTER;
    long t = command.micros();
    Optional<Recordings.SeekPoint> at = recordings.seek(player.cameraId(), t);
    if (at.isPresent() && at.get().keyframeMicros() > t) {
      // The index finds keyframes by 90 kHz ticks: t a microsecond before a keyframe rounds to it.
      at = recordings.seek(player.cameraId(), t - TICK_MICROS);
    }
    if (at.isEmpty() || !at.get().inside()) {
      Optional<SegmentInfo> next = recordings.nextSegment(player.cameraId(), t);
      if (after && next.isPresent()) {
        showExact(exactAt(command, next.get().startMicros()));
        return;
      }
      showGap(t);
      player.stepped(command, -1);
      return;
    }
    SegmentInfo segment = at.get().segment();
    KeyframeIndex.Keyframe key = at.get().keyframe();
    // Go on from where the decoder stands when it is in the same GOP before t; for EXACT its last
    // picture must be the one on screen, since it may turn out to be the frame asked for.
    boolean goOn =
        decoder.within(segment, at.get().keyframeMicros(), t)
            && (after || decoder.onScreen() || decoder.inWriteSlot());
    Search search = new Search(command, segment, t, after);
    SegmentCursor.Read read =
        goOn ? decoder.cursor().onFrom(segment, decoder.nextOffset(), search) : null;
    if (read == null) {
      goOn = false;
      decoder.reset();
      read = decoder.cursor().fromKeyframe(segment, key, search);
    }
    if (search.replaced) {
      return;
    }
    long shown = search.finish(goOn);
    if (shown == Long.MIN_VALUE && after) {
      Optional<SegmentInfo> next = recordings.nextSegment(player.cameraId(), segment.startMicros());
      if (next.isPresent()) {
        showExact(exactAt(command, next.get().startMicros()));
        return;
      }
    }
    if (shown == Long.MIN_VALUE) {
      if (read.problem() != null && segment.closed()) {
        player.setStatus(PlayerState.DAMAGED, -1, segment.file().getFileName().toString());
      } else {
        player.setStatus(PlayerState.SHOWING, -1, "");
      }
    }
    player.stepped(
        command, shown == Long.MIN_VALUE ? decoder.output().lastPublishedMicros() : shown);
  }

  private static PlayerCommand exactAt(PlayerCommand command, long micros) {
    return new PlayerCommand(command.number(), PlayerCommand.Kind.EXACT, micros);
  }

  /** Says what is at a time with no recording: a gap (and where recording resumes) or none. */
  void showGap(long t) {
    Optional<SegmentInfo> next = recordings.nextSegment(player.cameraId(), t);
    if (next.isPresent()) {
      player.setStatus(PlayerState.GAP, next.get().startMicros(), "");
    } else if (recordings.seek(player.cameraId(), t).isPresent()) {
      player.setStatus(PlayerState.GAP, -1, "");
    } else {
      player.setStatus(PlayerState.NO_RECORDINGS, -1, "");
    }
  }

  /** The frame search of a still picture, reading one frame ahead to know which is the last. */
  private final class Search implements SegmentCursor.FrameVisitor {
    private final PlayerCommand command;
    private final SegmentInfo segment;
    private final long t;
    private final boolean after;
    private AccessUnit held;
    private long heldOffset;
    private int heldLength;
    private long found = Long.MIN_VALUE;
    boolean replaced;

    Search(PlayerCommand command, SegmentInfo segment, long t, boolean after) {
      this.command = command;
      this.segment = segment;
      this.t = t;
      this.after = after;
    }

    @Override
    public boolean frame(AccessUnit unit, long offset, int length) {
      if (slot.replaced(command)) {
        replaced = true;
        return false;
      }
      if (after) {
        if (unit.ptsMicros() <= t) {
          decoder.decode(unit, offset, length, segment, false);
          return true;
        }
        if (decoder.decode(unit, offset, length, segment, true)) {
          player.publish(PlayerState.SHOWING, unit.ptsMicros());
          found = unit.ptsMicros();
        }
        return false;
      }
      if (unit.ptsMicros() > t) {
        return false; // the held frame is the last at or before t
      }
      if (held != null) {
        decoder.decode(held, heldOffset, heldLength, segment, false);
      }
      held = unit;
      heldOffset = offset;
      heldLength = length;
      return true;
    }

    /** Shows the frame found; returns its time, or MIN_VALUE when there is none to show. */
    long finish(boolean wentOn) {
      if (after) {
        return found;
      }
      if (held != null) {
        if (decoder.decode(held, heldOffset, heldLength, segment, true)) {
          player.publish(PlayerState.SHOWING, held.ptsMicros());
          return held.ptsMicros();
        }
        return Long.MIN_VALUE;
      }
      if (wentOn && decoder.onScreen()) {
        player.setStatus(PlayerState.SHOWING, -1, ""); // the picture on screen is the one
        return decoder.micros();
      }
      if (wentOn && decoder.inWriteSlot()) {
        player.publish(PlayerState.SHOWING, decoder.micros()); // decoded ahead, not yet shown
        return decoder.micros();
      }
      return Long.MIN_VALUE;
    }
  }
}
