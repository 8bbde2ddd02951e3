package io.peerwall.station.review;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.H264Encoder;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.recorder.Recorder;
import io.peerwall.recorder.RecorderInput;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recordings made by the real {@link Recorder} from pre-encoded synthetic cameras, faster than real
 * time: for {@code peerwall bench review}, the review screenshots and the review tests. Each camera
 * shows a quiet scene (its name, a clock) and, during its motion periods, the same scene with a
 * large square sweeping across it, so the recorder's own motion detection finds the events; gaps
 * are periods with no frames. Frames are fed in time order across cameras, as a station would, and
 * the feeding waits for the recorder whenever it falls behind, so nothing is dropped.
 */
public final class SyntheticRecordings {
  private static final int FLUSH_EVERY = 100;

  private SyntheticRecordings() {}

  /** A time range [from, to) in epoch microseconds. */
  public record Range(long fromMicros, long toMicros) {}

  /** One camera's pictures: quiet, and with motion; same size, rate and GOP, so they splice. */
  public record Scene(EncodedClip quiet, EncodedClip moving) {
    public int fps() {
      return quiet.fps();
    }

    public int gopFrames() {
      return quiet.frameCount() / keyframes(quiet);
    }

    private static int keyframes(EncodedClip clip) {
      return (int) clip.units().stream().filter(AccessUnit::keyframe).count();
    }
  }

  /**
   * What to record for one camera.
   *
   * @param motion periods where the square moves (each starts and ends at a GOP boundary)
   * @param gaps periods with no frames (the camera offline)
   */
  public record Plan(
      String cameraId,
      String name,
      Scene scene,
      long fromMicros,
      long toMicros,
      List<Range> motion,
      List<Range> gaps) {
    public Plan {
      motion = List.copyOf(motion);
      gaps = List.copyOf(gaps);
      if (toMicros <= fromMicros) {
        throw new IllegalArgumentException("a plan must end after it starts");
      }
    }
  }

  /**
   * Encodes a scene: {@code seconds} of video looped (a multiple of the GOP), H.264 with a keyframe
   * every {@code gopFrames}. A 1080p scene of 4 s takes a few seconds.
   */
  public static Scene scene(
      String label, int width, int height, int fps, int gopFrames, int seconds, int bitrateBps) {
    int frames = Math.max(gopFrames, (fps * seconds) / gopFrames * gopFrames);
    return new Scene(
        encode(label, width, height, fps, gopFrames, frames, bitrateBps, false),
        encode(label, width, height, fps, gopFrames, frames, bitrateBps, true));
  }

  private static EncodedClip encode(
      String label,
      int width,
      int height,
      int fps,
      int gop,
      int frames,
      int bitrateBps,
      boolean moving) {
    List<AccessUnit> units = new ArrayList<>();
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    try (H264Encoder encoder = new H264Encoder(width, height, fps, bitrateBps, gop)) {
      for (int i = 0; i < frames; i++) {
        paint(image, label, i, fps, frames, moving);
        if (i % gop == 0) {
          encoder.requestKeyframe();
        }
        encoder.encode(image, i, units::add);
      }
      encoder.finish(units::add);
    }
    return new EncodedClip(VideoCodec.H264, width, height, fps, units);
  }

  private static void paint(
      BufferedImage image, String label, int frame, int fps, int frames, boolean moving) {
    int w = image.getWidth();
    int h = image.getHeight();
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, new Color(58, 70, 84), w, h, new Color(28, 34, 42)));
      g.fillRect(0, 0, w, h);
      // A floor and a doorway, so the scene reads as a place.
      g.setColor(new Color(80, 88, 96));
      g.fillRect(0, h * 2 / 3, w, h / 3);
      g.setColor(new Color(40, 46, 54));
      g.fillRect(w * 3 / 5, h / 4, w / 8, h * 5 / 12);
      g.setStroke(new BasicStroke(Math.max(1, h / 180f)));
      g.setColor(new Color(120, 128, 138));
      g.drawRect(w * 3 / 5, h / 4, w / 8, h * 5 / 12);
      g.setColor(new Color(230, 233, 238));
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, h / 12)));
      g.drawString(label, w / 24, h / 7);
      g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, Math.max(8, h / 24)));
      g.setColor(new Color(190, 196, 204));
      g.drawString(String.format(Locale.ROOT, "#%04d", frame % 10_000), w / 24, h - h / 20);
      if (moving) {
        // A person-sized block crossing the room and back over the loop.
        int side = h / 3;
        double phase = frame / (double) frames;
        double x = phase < 0.5 ? phase * 2 : 2 - phase * 2;
        int left = (int) (w / 12 + x * (w - side - w / 6));
        g.setColor(new Color(236, 226, 200));
        g.fillRect(left, h * 2 / 3 - side, side / 2, side);
        g.setColor(new Color(190, 80, 60));
        g.fillRect(left, h * 2 / 3 - side, side / 2, side / 3);
      }
    } finally {
      g.dispose();
    }
  }

  /**
   * Records every plan into the recorder, interleaved in time order, as fast as the recorder
   * writes; returns when all is written and indexed.
   */
  public static void record(Recorder recorder, List<Plan> plans) throws InterruptedException {
    List<Feeder> feeders = new ArrayList<>();
    for (Plan plan : plans) {
      feeders.add(new Feeder(plan, recorder.camera(plan.cameraId(), plan.name())));
    }
    long sinceFlush = 0;
    while (true) {
      Feeder next = null;
      for (Feeder f : feeders) {
        if (!f.done() && (next == null || f.nextMicros() < next.nextMicros())) {
          next = f;
        }
      }
      if (next == null) {
        break;
      }
      next.feedOne();
      if (++sinceFlush >= FLUSH_EVERY) {
        sinceFlush = 0;
        // The recorder's queues are bounded and drop when full: wait for it to catch up. Often:
        // the recorder closes a camera's segment after 3 s (wall time) without its frames.
        if (!recorder.flush(Duration.ofSeconds(60))) {
          throw new IllegalStateException("the recorder did not keep up within a minute");
        }
      }
    }
    if (!recorder.flush(Duration.ofSeconds(60))) {
      throw new IllegalStateException("the recorder did not finish within a minute");
    }
  }

  /** Feeds one plan frame by frame. */
  private static final class Feeder {
    private final Plan plan;
    private final RecorderInput input;
    private final long frameMicros;
    private final int gop;
    private long frame; // frames since the plan's start
    private boolean resumeAtKeyframe = true;

    Feeder(Plan plan, RecorderInput input) {
      this.plan = plan;
      this.input = input;
      this.frameMicros = 1_000_000L / plan.scene().fps();
      this.gop = plan.scene().gopFrames();
      skipGaps();
    }

    boolean done() {
      return nextMicros() >= plan.toMicros();
    }

    long nextMicros() {
      return plan.fromMicros() + frame * 1_000_000L / plan.scene().fps();
    }

    void feedOne() {
      long t = nextMicros();
      boolean moving = inside(plan.motion(), gopStart(t));
      EncodedClip clip = moving ? plan.scene().moving() : plan.scene().quiet();
      AccessUnit u = clip.units().get((int) (frame % clip.frameCount()));
      input.accept(new AccessUnit(u.codec(), u.data(), t, t, u.keyframe()));
      frame++;
      skipGaps();
    }

    /** The start of the GOP a time falls in, so clips switch only at keyframes. */
    private long gopStart(long t) {
      long gopMicros = gop * frameMicros;
      return plan.fromMicros() + (t - plan.fromMicros()) / gopMicros * gopMicros;
    }

    private void skipGaps() {
      while (!done() && inside(plan.gaps(), nextMicros())) {
        frame++;
        resumeAtKeyframe = true;
      }
      while (resumeAtKeyframe && !done() && frame % gop != 0) {
        frame++; // after a gap the recording starts again at a keyframe
      }
      resumeAtKeyframe = false;
    }

    private static boolean inside(List<Range> ranges, long t) {
      for (Range r : ranges) {
        if (t >= r.fromMicros() && t < r.toMicros()) {
          return true;
        }
      }
      return false;
    }
  }
}
