package io.peerwall.desktop.review;

import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.review.Bookmark;
import io.peerwall.recorder.review.TimelineView;
import io.peerwall.station.review.Thumbnail;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * Draws the timeline's still layer: the ruler in local time, the thumbnail strip, the summary track
 * and one track per camera with its recorded ranges (paler where only partly recorded), gaps,
 * motion (bars as tall as the motion was strong), bookmarks (flags) and evidence locks (a band with
 * a padlock). Colours come from the theme's palette; every shape is a plain rectangle, which the
 * software renderer draws fastest.
 */
final class TimelinePainter {
  static final double LABELS = 128;
  static final double RULER = 24;
  static final double STRIP = 58;
  static final double SUMMARY = 18;
  static final double MAX_TRACK = 30;
  static final double MIN_TRACK = 6;

  static final Color BACKGROUND = Color.web("#0d1014");
  static final Color PANEL = Color.web("#161a20");
  static final Color LINE = Color.web("#2a3038");
  static final Color TEXT = Color.web("#e6e9ee");
  static final Color MUTED = Color.web("#9aa3ae");
  static final Color RECORDED = Color.web("#3f8f6a");
  static final Color GAP = Color.web("#5a2e2e");
  static final Color MOTION = Color.web("#f0b35a");
  static final Color BOOKMARK = Color.web("#6ea8ff");
  static final Color LOCK = Color.web("#b58cf0");
  static final Color SELECTED = Color.web("#1f2a38");

  private static final PixelFormat<ByteBuffer> BGRA = PixelFormat.getByteBgraPreInstance();

  private final Map<Thumbnail, Image> images = new WeakHashMap<>();
  private final Font small = Font.font("DejaVu Sans", 10);
  private final Text measure = new Text();
  private final Font label = Font.font("DejaVu Sans", 11);

  TimelinePainter() {
    measure.setFont(small);
  }

  /** What to draw. */
  record Scene(
      TimeScale scale,
      TimelineView view,
      List<String> names,
      int selected,
      ZoneId zone,
      Locale locale,
      Map<Long, Thumbnail> thumbnails,
      long slotMicros,
      String summaryName) {}

  /** The height of each camera track for {@code cameras} tracks in {@code height} pixels. */
  static double trackHeight(double height, int cameras) {
    double free = height - RULER - STRIP - SUMMARY - 4;
    return Math.max(MIN_TRACK, Math.min(MAX_TRACK, free / Math.max(1, cameras)));
  }

  /** The top of camera track i. */
  static double trackTop(double height, int cameras, int i) {
    return RULER + STRIP + SUMMARY + 2 + i * trackHeight(height, cameras);
  }

  void paint(GraphicsContext g, double width, double height, Scene s) {
    g.setFill(BACKGROUND);
    g.fillRect(0, 0, width, height);
    g.setFill(PANEL);
    g.fillRect(0, 0, LABELS, height);
    double plot = width - LABELS;
    if (plot < 10) {
      return;
    }
    ruler(g, plot, s);
    strip(g, plot, s);
    double track = trackHeight(height, s.names().size());
    double top = RULER + STRIP;
    if (s.view() != null) {
      summary(g, plot, top, s);
    }
    label(g, s.summaryName(), top, SUMMARY, false);
    for (int i = 0; i < s.names().size(); i++) {
      double y = trackTop(height, s.names().size(), i);
      if (i == s.selected()) {
        g.setFill(SELECTED);
        g.fillRect(0, y, width, track);
      }
      if (s.view() != null && i < s.view().cameras().size()) {
        camera(g, plot, y, track, s.view().cameras().get(i), s.scale());
      }
      if (track >= 9) {
        label(g, s.names().get(i), y, track, i == s.selected());
      }
    }
  }

  private void ruler(GraphicsContext g, double plot, Scene s) {
    g.setFill(PANEL);
    g.fillRect(LABELS, 0, plot, RULER);
    g.setFont(small);
    g.setTextBaseline(VPos.CENTER);
    g.setTextAlign(TextAlignment.LEFT);
    for (TimeScale.Tick tick : s.scale().ticks(s.zone(), plot, 70, s.locale())) {
      double x = LABELS + s.scale().x(tick.micros(), plot);
      g.setFill(tick.major() ? TEXT : LINE);
      g.fillRect(Math.round(x), tick.major() ? 0 : RULER - 7, 1, tick.major() ? RULER : 7);
      g.setFill(tick.major() ? TEXT : MUTED);
      measure.setText(tick.label());
      if (x + 3 + measure.getLayoutBounds().getWidth() <= LABELS + plot) { // no cut-off label
        g.fillText(tick.label(), x + 3, RULER / 2 - 2);
      }
    }
  }

  private void strip(GraphicsContext g, double plot, Scene s) {
    double y = RULER + 1;
    double h = STRIP - 3;
    g.setFill(Color.BLACK);
    g.fillRect(LABELS, y, plot, h);
    double slotWidth = s.slotMicros() * plot / (double) s.scale().span();
    for (Map.Entry<Long, Thumbnail> e : s.thumbnails().entrySet()) {
      double middle = LABELS + s.scale().x(e.getKey(), plot);
      Thumbnail t = e.getValue();
      double w = Math.min(slotWidth - 2, h * t.width() / t.height());
      double x = middle - w / 2;
      if (x + w < LABELS || x > LABELS + plot) {
        continue;
      }
      g.drawImage(
          image(t), x, y + (h - w * t.height() / t.width()) / 2, w, w * t.height() / t.width());
    }
  }

  private Image image(Thumbnail t) {
    return images.computeIfAbsent(
        t,
        k -> {
          WritableImage image = new WritableImage(k.width(), k.height());
          image
              .getPixelWriter()
              .setPixels(0, 0, k.width(), k.height(), BGRA, k.bgra(), 0, k.width() * 4);
          return image;
        });
  }

  private void summary(GraphicsContext g, double plot, double top, Scene s) {
    TimelineView.SummaryTrack sum = s.view().summary();
    g.setFill(PANEL);
    g.fillRect(LABELS, top, plot, SUMMARY);
    ranges(g, plot, top + 3, SUMMARY - 6, sum.recorded(), s.scale());
    motion(g, plot, top, SUMMARY, sum.motion(), s.scale());
  }

  private void camera(
      GraphicsContext g,
      double plot,
      double y,
      double h,
      TimelineView.CameraTrack t,
      TimeScale scale) {
    double inner = Math.max(2, h - 4);
    g.setFill(LINE);
    g.fillRect(LABELS, y + h - 1, plot, 1);
    for (TimelineView.GapMark gap : t.gaps()) {
      long end = gap.endMicros().orElse(scale.toMicros());
      fill(g, plot, y + 2, inner, gap.startMicros(), end, scale, GAP);
    }
    ranges(g, plot, y + 2, inner, t.recorded(), scale);
    for (TimelineView.LockMark lock : t.locks()) {
      // A violet frame above and below the locked stretch (motion is amber, bookmarks blue) and
      // a padlock at its start; a lock that ended is drawn faint.
      Color c = lock.state() == EvidenceLock.State.ACTIVE ? LOCK : LOCK.deriveColor(0, 1, 0.6, 0.5);
      fill(g, plot, y + 1, 2, lock.fromMicros(), lock.toMicros(), scale, c);
      fill(g, plot, y + h - 3, 2, lock.fromMicros(), lock.toMicros(), scale, c);
      double x = LABELS + Math.max(0, scale.x(lock.fromMicros(), plot));
      if (h >= 12 && x < LABELS + plot) {
        padlock(g, x + 3, y + 3, Math.min(11, h - 5), c);
      }
    }
    motion(g, plot, y, h, t.motion(), scale);
    for (Bookmark b : t.bookmarks()) {
      fill(g, plot, y + h - 3, 2, b.startMicros(), b.endMicros(), scale, BOOKMARK);
      double x = LABELS + scale.x(b.startMicros(), plot);
      if (x >= LABELS && x <= LABELS + plot) {
        g.setFill(BOOKMARK);
        g.fillRect(Math.round(x), y + 1, 1, h - 2);
        g.fillPolygon(new double[] {x, x + 6, x}, new double[] {y + 1, y + 3.5, y + 6}, 3);
      }
    }
  }

  private void ranges(
      GraphicsContext g,
      double plot,
      double y,
      double h,
      List<TimelineView.RecordedRange> ranges,
      TimeScale scale) {
    for (TimelineView.RecordedRange r : ranges) {
      Color c =
          r.coverage() >= 0.999
              ? RECORDED
              : RECORDED.deriveColor(0, 0.7, 0.8, 0.45 + 0.5 * r.coverage());
      fill(g, plot, y, h, r.startMicros(), r.endMicros(), scale, c);
    }
  }

  private void motion(
      GraphicsContext g,
      double plot,
      double y,
      double h,
      List<TimelineView.MotionMark> marks,
      TimeScale scale) {
    for (TimelineView.MotionMark m : marks) {
      // A bar as tall as the motion was strong: 5 % of the picture changing is half height.
      double strength = Math.min(1, Math.sqrt(m.peakScore() / 0.2));
      double bar = Math.max(2, (h - 3) * Math.max(0.25, strength));
      long end = m.ongoing() > 0 ? Math.max(m.endMicros(), scale.toMicros()) : m.endMicros();
      fill(g, plot, y + h - 1 - bar, bar, m.startMicros(), end, scale, MOTION);
    }
  }

  private static void fill(
      GraphicsContext g,
      double plot,
      double y,
      double h,
      long from,
      long to,
      TimeScale scale,
      Color color) {
    double x0 = Math.max(0, scale.x(from, plot));
    double x1 = Math.min(plot, scale.x(to, plot));
    if (x1 < 0 || x0 > plot) {
      return;
    }
    g.setFill(color);
    g.fillRect(LABELS + Math.floor(x0), y, Math.max(1, Math.ceil(x1) - Math.floor(x0)), h);
  }

  private static void padlock(GraphicsContext g, double x, double y, double size, Color c) {
    g.setStroke(c);
    g.setLineWidth(1.2);
    g.strokeOval(x + size * 0.2, y, size * 0.6, size * 0.7);
    g.setFill(c);
    g.fillRect(x, y + size * 0.4, size, size * 0.6);
  }

  private void label(GraphicsContext g, String text, double y, double h, boolean selected) {
    g.setFont(label);
    g.setTextBaseline(VPos.CENTER);
    g.setTextAlign(TextAlignment.LEFT);
    g.setFill(selected ? TEXT : MUTED);
    String shown = text.length() > 18 ? text.substring(0, 17) + "…" : text;
    g.fillText(shown, 8, y + h / 2, LABELS - 12);
  }
}
