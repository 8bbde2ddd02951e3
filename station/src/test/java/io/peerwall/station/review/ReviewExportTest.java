package io.peerwall.station.review;

import static io.peerwall.station.review.ReviewRecordings.S;
import static io.peerwall.station.review.ReviewRecordings.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.custody.ExportRecord;
import io.peerwall.recorder.evidence.ExportSigner;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.recorder.evidence.Verdict;
import io.peerwall.recorder.review.ReviewIndex;
import io.peerwall.station.evidence.Exports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports from the review on files the real recorder wrote: one MP4 per camera named by camera and
 * times, checked with ffprobe; logged; a camera with nothing in the range said plainly; Cancel
 * leaves no partial file; the read bound holds; with the station's key the file verifies authentic,
 * and exports that refuse make the review's export fail saying why.
 */
@Timeout(120)
class ReviewExportTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  @TempDir static Path dataDir;
  @TempDir Path out;

  @BeforeAll
  static void record() throws Exception {
    ReviewRecordings.make(dataDir);
  }

  private static ReviewExport export(long bytesPerSecond) {
    return new ReviewExport(dataDir, ExportSigning.none(), bytesPerSecond, TOKYO, System::nanoTime);
  }

  private static ReviewExport.Outcome run(ReviewExport export, ReviewExport.Request request)
      throws Exception {
    CompletableFuture<ReviewExport.Outcome> done = new CompletableFuture<>();
    export.start(request, p -> {}, done::complete);
    return done.get(60, TimeUnit.SECONDS);
  }

  @Test
  void twoCamerasGiveOneCheckedMp4EachAndTwoLogRows() throws Exception {
    List<ReviewExport.Progress> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<ReviewExport.Outcome> done = new CompletableFuture<>();
    long from = T0 + 5 * S + S / 2;
    long to = T0 + 15 * S;
    export(ReviewExport.DEFAULT_BYTES_PER_SECOND)
        .start(
            new ReviewExport.Request(
                List.of(
                    new ReviewExport.Camera("cam-2", "Camera 2"),
                    new ReviewExport.Camera("cam-3", "Camera 3")),
                from,
                to,
                out),
            progress::add,
            done::complete);
    ReviewExport.Outcome outcome = done.get(60, TimeUnit.SECONDS);
    assertThat(outcome.problems()).isEmpty();
    assertThat(outcome.cancelled()).isFalse();
    assertThat(outcome.files())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "Camera_2_2025-11-23_211325-211335.mp4", "Camera_3_2025-11-23_211325-211335.mp4");
    for (Path file : outcome.files()) {
      Ffprobe probe = Ffprobe.of(file);
      assertThat(probe.codec()).isEqualTo("h264");
      // From the keyframe at or before 5.5 s (5 s) to the last frame at or before 15 s: 151.
      assertThat(probe.frames()).isEqualTo(151);
      assertThat(probe.durationSeconds()).isCloseTo(151 / 15.0, within(0.01));
      assertThat(probe.firstPtsSeconds()).isCloseTo(0.0, within(0.001));
      assertThat(probe.created()).isEqualTo(Instant.ofEpochMilli((T0 + 5 * S) / 1000));
    }
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).fraction()).isCloseTo(1.0, within(0.01));
    try (ExportLog log = ExportLog.open(dataDir)) {
      List<ExportRecord> rows = log.list(Optional.empty(), Long.MIN_VALUE, 10);
      assertThat(rows)
          .extracting(ExportRecord::fileName)
          .contains(
              "Camera_2_2025-11-23_211325-211335.mp4", "Camera_3_2025-11-23_211325-211335.mp4");
      assertThat(rows.get(0).sha256()).isEqualTo(ExportLog.sha256(outcome.files().get(1)));
      assertThat(rows.get(0).signed()).isFalse();
    }
  }

  @Test
  void withTheStationsKeyTheExportIsSignedAndVerifiesAuthentic() throws Exception {
    byte[] sealing = new byte[32];
    new SecureRandom().nextBytes(sealing);
    StationSigningKey key =
        StationSigningKey.loadOrCreate(out.resolve("key"), "Gate house", "GATE-1", sealing);
    try (ReviewIndex review = ReviewIndex.open(dataDir)) {
      review.createBookmark("cam-3", T0 + 3 * S, T0 + 4 * S, "Van at the gate", "white", "guard");
      review.createBookmark("cam-3", T0 + 9 * S, T0 + 10 * S, "Later", "", "guard"); // outside
    }
    // The wall gives the review the station's own Exports' signer (the one way exports are signed).
    Exports exports =
        new Exports(dataDir, new ExportSigner(key, "guard", Clock.systemUTC()), "guard");
    ReviewExport.Outcome outcome =
        run(
            new ReviewExport(
                dataDir,
                exports::signer,
                ReviewExport.DEFAULT_BYTES_PER_SECOND,
                TOKYO,
                System::nanoTime),
            new ReviewExport.Request(
                List.of(new ReviewExport.Camera("cam-3", "Camera 3")),
                T0 + 2 * S,
                T0 + 6 * S,
                out));
    assertThat(outcome.problems()).isEmpty();
    Verdict verdict = ExportVerifier.verify(outcome.files().get(0), key.fingerprint());
    assertThat(verdict).isInstanceOf(Verdict.Authentic.class);
    // The bookmark overlapping the range travels inside the signature, as with 'peerwall export'.
    assertThat(((Verdict.Authentic) verdict).evidence().bookmarks())
        .singleElement()
        .satisfies(b -> assertThat(b.name()).isEqualTo("Van at the gate"));
    // Exports that refuse (the key unusable) make the review's export fail, saying why.
    ReviewExport.Outcome refused =
        run(
            new ReviewExport(
                dataDir,
                Exports.refusing(dataDir, "the signing key cannot be read")::signer,
                ReviewExport.DEFAULT_BYTES_PER_SECOND,
                TOKYO,
                System::nanoTime),
            new ReviewExport.Request(
                List.of(new ReviewExport.Camera("cam-3", "Camera 3")),
                T0 + 2 * S,
                T0 + 6 * S,
                out.resolve("refused")));
    assertThat(refused.files()).isEmpty();
    assertThat(refused.problems()).anyMatch(p -> p.contains("the signing key cannot be read"));
  }

  @Test
  void aCameraWithNothingInTheRangeIsSaidAndTheOthersExported() throws Exception {
    ReviewExport.Outcome outcome =
        run(
            export(ReviewExport.DEFAULT_BYTES_PER_SECOND),
            new ReviewExport.Request(
                List.of(
                    new ReviewExport.Camera("cam-1", "Camera 1"),
                    new ReviewExport.Camera("cam-4", "Camera 4")),
                T0 + 21 * S,
                T0 + 29 * S,
                out));
    assertThat(outcome.files()).hasSize(1);
    assertThat(outcome.problems())
        .singleElement()
        .asString()
        .startsWith("Camera 1: nothing recorded");
  }

  @Test
  void cancelStopsAtOnceAndLeavesNoPartialFile() throws Exception {
    // 20 kB/s: the minute of a camera (~1.8 MB) would take over a minute.
    ReviewExport export = export(20_000);
    CompletableFuture<ReviewExport.Outcome> done = new CompletableFuture<>();
    ReviewExport.Job job =
        export.start(
            new ReviewExport.Request(
                List.of(new ReviewExport.Camera("cam-3", "Camera 3")), T0, T0 + 60 * S, out),
            p -> {},
            done::complete);
    Thread.sleep(700);
    assertThat(job.running()).isTrue();
    long cancelled = System.nanoTime();
    job.cancel();
    ReviewExport.Outcome outcome = done.get(5, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - cancelled).isLessThan(1_000_000_000L);
    assertThat(outcome.cancelled()).isTrue();
    assertThat(outcome.files()).isEmpty();
    try (var left = Files.list(out)) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void theReadRateIsBounded() throws Exception {
    long rate = 400_000;
    long started = System.nanoTime();
    ReviewExport.Outcome outcome =
        run(
            export(rate),
            new ReviewExport.Request(
                List.of(new ReviewExport.Camera("cam-4", "Camera 4")), T0, T0 + 30 * S, out));
    double seconds = (System.nanoTime() - started) / 1e9;
    long bytes = Files.size(outcome.files().get(0));
    // The first tenth of a second's worth may go at once; the rest at the rate.
    assertThat(seconds).isGreaterThan((bytes - rate / 10) / (double) rate * 0.9);
  }
}
