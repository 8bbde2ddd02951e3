package io.peerwall.station.review;

import io.peerwall.recorder.KeyframeIndex;
import io.peerwall.recorder.Recordings;
import io.peerwall.recorder.SegmentInfo;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A player's playback by the shared clock: every frame up to 4× (each decoded ahead and published
 * when the clock reaches it; frames already late are decoded without being converted), keyframes
 * only above 4× and backwards (late ones skipped). Gaps are waited through (the engine skips them
 * when every camera is in one), contiguous segments played straight on, the segment being recorded
 * followed at its last whole frame, a deleted or damaged segment skipped and said so.
 */
final class PlayLoop {
  private static final Logger log = LoggerFactory.getLogger(PlayLoop.class);
  private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long LIVE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
  private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** Segments closer than this are one stretch: playback goes straight on. */
  private static final long CONTIGUOUS_MICROS = 1_000_000;

  /** An open segment is still the live edge this long after its row's end. */
  private static final long LIVE_EDGE_SLACK_MICROS = 10_000_000;

  private final CameraPlayer player;
  private final Recordings recordings;
  private final PlaybackClock clock;
  private final CommandSlot slot;
  private final DecoderPosition decoder;
  private final StillPictures still;
  private long damagedSegment = -1;

  PlayLoop(CameraPlayer player, DecoderPosition decoder, StillPictures still) {
    this.player = player;
    this.recordings = player.recordings();
    this.clock = player.clock();
    this.slot = player.slot();
    this.decoder = decoder;
    this.still = still;
  }

  void play(PlayerCommand command) throws IOException, InterruptedException {
    double speed = clock.speed();
    if (speed == 0) {
      player.setStatus(PlayerState.SHOWING, -1, "");
    } else if (PlaybackSpeed.keyframesOnly(speed)) {
      playKeyframes(command, speed > 0);
    } else {
      playEveryFrame(command);
    }
  }

  private enum Outcome {
    END,
    LIVE_EDGE,
    REPLACED,
    SKIPPED
  }

  private void playEveryFrame(PlayerCommand command) throws IOException, InterruptedException {
    while (!slot.replaced(command)) {
      if (clock.live() && player.liveShownElsewhere()) {
        decoder.reset();
        player.setStatus(PlayerState.LIVE, -1, "");
        slot.awaitReplaced(command, IDLE_POLL_NANOS);
        continue;
      }
      long t = clock.position();
      Optional<Recordings.SeekPoint> at = recordings.seek(player.cameraId(), t);
      SegmentInfo segment = null;
      KeyframeIndex.Keyframe key = null;
      if (at.isPresent() && at.get().segment().id() != damagedSegment) {
        SegmentInfo s = at.get().segment();
        boolean liveEdge = !s.closed() && t - s.endMicros() < LIVE_EDGE_SLACK_MICROS;
        if (at.get().inside() || liveEdge) {
          segment = s;
          boolean goOn = decoder.within(s, at.get().keyframeMicros(), t + CONTIGUOUS_MICROS);
          key = goOn ? null : at.get().keyframe();
        }
      }
      if (segment == null) {
        if (!waitThroughGap(command, t)) {
          return;
        }
        continue;
      }
      while (segment != null) {
        Outcome outcome = playSegment(command, segment, key);
        key = null;
        if (outcome == Outcome.REPLACED) {
          return;
        }
        if (outcome == Outcome.LIVE_EDGE) {
          if (slot.awaitReplaced(command, LIVE_POLL_NANOS)) {
            return;
          }
          Optional<Recordings.SeekPoint> fresh =
              recordings.seek(player.cameraId(), segment.startMicros());
          if (fresh.isEmpty() || fresh.get().segment().id() != segment.id()) {
            break; // deleted meanwhile: locate again
          }
          segment = fresh.get().segment();
          continue; // read on from where the decoder stands
        }
        SegmentInfo done = segment;
        segment = null;
        Optional<SegmentInfo> next = recordings.nextSegment(player.cameraId(), done.startMicros());
        if (next.isPresent()
            && next.get().startMicros() - done.endMicros() <= CONTIGUOUS_MICROS
            && next.get().id() != damagedSegment) {
          segment = next.get();
          key = new KeyframeIndex.Keyframe(0, 0, 0);
        }
      }
    }
  }

  /**
   * In a gap while playing: waits until the next recording's start comes up on the clock (the
   * engine skips the gap when every camera is in one).
   *
   * @return false when replaced
   */
  private boolean waitThroughGap(PlayerCommand command, long t) throws InterruptedException {
    Optional<SegmentInfo> next = recordings.nextSegment(player.cameraId(), t);
    if (next.isEmpty()) {
      boolean any = recordings.seek(player.cameraId(), t).isPresent();
      player.setStatus(any ? PlayerState.GAP : PlayerState.NO_RECORDINGS, -1, "");
      return !slot.awaitReplaced(command, IDLE_POLL_NANOS);
    }
    player.setStatus(PlayerState.GAP, next.get().startMicros(), "");
    long wait = clock.nanosUntil(next.get().startMicros());
    if (wait == 0) {
      return true;
    }
    return !slot.awaitReplaced(command, Math.min(wait, WAIT_SLICE_NANOS * 4));
  }

  /** Plays one segment from a keyframe (or on from the decoder's place when key is null). */
  private Outcome playSegment(
      PlayerCommand command, SegmentInfo segment, KeyframeIndex.Keyframe key)
      throws IOException, InterruptedException {
    long interval = DecoderPosition.frameInterval(segment);
    Outcome[] outcome = {null};
    SegmentCursor.FrameVisitor visitor =
        (unit, offset, length) -> {
          if (slot.replaced(command)) {
            outcome[0] = Outcome.REPLACED;
            return false;
          }
          long position = clock.position();
          if (unit.ptsMicros() + interval <= position) {
            decoder.decode(
                unit, offset, length, segment, false); // late: its successor is due already
            return true;
          }
          if (!decoder.decode(unit, offset, length, segment, true)) {
            return true; // damaged: the decoder waits for the next keyframe
          }
          try {
            long wait;
            while ((wait = clock.nanosUntil(unit.ptsMicros())) > 0) {
              if (slot.awaitReplaced(command, Math.min(wait, WAIT_SLICE_NANOS))) {
                outcome[0] = Outcome.REPLACED;
                return false;
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome[0] = Outcome.REPLACED;
            return false;
          }
          player.publish(clock.live() ? PlayerState.LIVE : PlayerState.PLAYING, unit.ptsMicros());
          return true;
        };
    SegmentCursor.Read read;
    try {
      read = key == null ? decoder.cursor().onFrom(segment, decoder.nextOffset(), visitor) : null;
      if (read == null) {
        KeyframeIndex.Keyframe start =
            key != null
                ? key
                : recordings
                    .seek(player.cameraId(), clock.position())
                    .filter(p -> p.segment().id() == segment.id())
                    .map(Recordings.SeekPoint::keyframe)
                    .orElse(new KeyframeIndex.Keyframe(0, 0, 0));
        decoder.reset();
        read = decoder.cursor().fromKeyframe(segment, start, visitor);
      }
    } catch (NoSuchFileException e) {
      player.checkRecordingsThere(e);
      decoder.reset();
      damagedSegment = segment.id();
      player.setStatus(PlayerState.SEGMENT_DELETED, -1, e.getFile());
      log.info("review of {}: {} was deleted while it played", player.cameraId(), e.getFile());
      return Outcome.SKIPPED;
    }
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException();
    }
    if (outcome[0] != null) {
      return outcome[0];
    }
    if (!segment.closed()) {
      return Outcome.LIVE_EDGE;
    }
    if (read.problem() != null && decoder.micros() < segment.endMicros() - 2 * interval) {
      damagedSegment = segment.id();
      decoder.reset();
      player.setStatus(PlayerState.DAMAGED, -1, segment.file().getFileName().toString());
      log.info(
          "review of {}: {} is damaged ({}); skipped the rest",
          player.cameraId(),
          segment.file(),
          read.problem());
      return Outcome.SKIPPED;
    }
    return Outcome.END;
  }

  /** Keyframes only, forwards above 4× or backwards, by the clock; late ones are skipped. */
  private void playKeyframes(PlayerCommand command, boolean forward)
      throws IOException, InterruptedException {
    KeyframeWalk walk = new KeyframeWalk(recordings, player.cameraId(), clock.position(), forward);
    Optional<KeyframeWalk.Step> pending = walk.next();
    while (!slot.replaced(command)) {
      if (pending.isEmpty()) {
        still.showGap(clock.position());
        if (slot.awaitReplaced(command, IDLE_POLL_NANOS)) {
          return;
        }
        pending = walk.next();
        continue;
      }
      KeyframeWalk.Step step = pending.get();
      long wait;
      while ((wait = clock.nanosUntil(step.micros())) > 0) {
        if (wait > TimeUnit.SECONDS.toNanos(1)) {
          player.setStatus(PlayerState.GAP, step.micros(), "");
        }
        if (slot.awaitReplaced(command, Math.min(wait, WAIT_SLICE_NANOS))) {
          return;
        }
      }
      player.keyframesDue++;
      Optional<KeyframeWalk.Step> following = walk.next();
      if (following.isPresent() && clock.nanosUntil(following.get().micros()) == 0) {
        pending = following; // late: the next one is due already
        continue;
      }
      if (showKeyframe(step)) {
        player.keyframesShown++;
      }
      pending = following;
    }
  }

  private boolean showKeyframe(KeyframeWalk.Step step) throws IOException {
    boolean[] shown = {false};
    decoder.reset();
    try {
      decoder
          .cursor()
          .fromKeyframe(
              step.segment(),
              step.keyframe(),
              (unit, offset, length) -> {
                if (decoder.decode(unit, offset, length, step.segment(), true)) {
                  player.publish(
                      clock.live() ? PlayerState.LIVE : PlayerState.PLAYING, step.micros());
                  shown[0] = true;
                }
                return false;
              });
    } catch (NoSuchFileException e) {
      player.checkRecordingsThere(e);
      decoder.reset();
      player.setStatus(PlayerState.SEGMENT_DELETED, -1, e.getFile());
    }
    return shown[0];
  }
}
