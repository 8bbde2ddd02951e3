package io.peerwall.desktop.review;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.review.ReviewQueries;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Where the review's jumps land: the previous or next motion event or gap edge of its cameras
 * (asked of the index thread, answered on the FX thread), and a local date and time from the picker
 * (with what the clocks did that night said plainly). FX thread.
 */
final class ReviewJumps {
  private final ReviewQueries queries;
  private final List<String> cameraIds;
  private final Texts texts;
  private final ZoneId zone;
  private final Executor fx;
  private final Consumer<String> say;
  private final Consumer<Throwable> failed;
  private final LongConsumer arrive;

  /**
   * @param say shows a sentence (empty clears it)
   * @param failed told when the index cannot answer
   * @param arrive brings a found time into view and seeks there
   */
  ReviewJumps(
      ReviewQueries queries,
      List<String> cameraIds,
      Texts texts,
      ZoneId zone,
      Executor fx,
      Consumer<String> say,
      Consumer<Throwable> failed,
      LongConsumer arrive) {
    this.queries = queries;
    this.cameraIds = cameraIds;
    this.texts = texts;
    this.zone = zone;
    this.fx = fx;
    this.say = say;
    this.failed = failed;
    this.arrive = arrive;
  }

  void nextEvent(long position) {
    jump(queries.nextEvent(cameraIds, position + 1), "review.jump.noNextEvent");
  }

  /** Starts a second back, so that pressing it while an event plays goes to the one before. */
  void previousEvent(long position) {
    jump(queries.previousEvent(cameraIds, position - 1_000_000), "review.jump.noPreviousEvent");
  }

  void nextGap(long position) {
    jump(queries.nextGapEdge(cameraIds, position), "review.jump.noNextGap");
  }

  void previousGap(long position) {
    jump(queries.previousGapEdge(cameraIds, position), "review.jump.noPreviousGap");
  }

  /**
   * The moment of a local date and time, never after {@code now}. A time the clocks skipped (spring
   * forward) is moved forward; one that happened twice (autumn) is the first; both are said.
   */
  long resolve(LocalDateTime local, long now) {
    var offsets = zone.getRules().getValidOffsets(local);
    ZonedDateTime at = ZonedDateTime.ofLocal(local, zone, null);
    if (offsets.isEmpty()) {
      say.accept(texts.get("review.time.skipped", local.toLocalTime(), at.toLocalTime()));
    } else if (offsets.size() > 1) {
      say.accept(texts.get("review.time.twice", local.toLocalTime(), at.getOffset()));
    } else {
      say.accept("");
    }
    long t = TimeScale.micros(at);
    if (t > now) {
      say.accept(texts.get("review.time.future"));
      t = now;
    }
    return t;
  }

  private void jump(CompletableFuture<Optional<Long>> where, String noneKey) {
    where.whenCompleteAsync(
        (found, failure) -> {
          if (failure != null) {
            failed.accept(failure);
          } else if (found.isEmpty()) {
            say.accept(texts.get(noneKey));
          } else {
            say.accept("");
            arrive.accept(found.get());
          }
        },
        fx);
  }
}
