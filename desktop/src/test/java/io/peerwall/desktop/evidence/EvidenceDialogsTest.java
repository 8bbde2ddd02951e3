package io.peerwall.desktop.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.custody.EvidenceLock;
import io.peerwall.recorder.custody.ExportLog;
import io.peerwall.recorder.evidence.ExportVerifier;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.station.evidence.Custody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence dialogs' view-models without a toolkit, on a real recording, a real signed export
 * and the real index: verification runs on the background thread and comes back through the FX
 * executor (here a queue the test drains), a stale result is dropped, the export log shows the
 * file's hash and the chain, and locks are made and released with their reasons.
 */
@Timeout(120)
class EvidenceDialogsTest {
  static final Texts EN = Texts.of(Locale.ENGLISH);
  static final Clock CLOCK = Clock.systemUTC();

  @TempDir static Path data;
  @TempDir static Path files;
  static StationSigningKey key;
  static Path signed;

  @TempDir Path work;
  private ExecutorService background;
  private final BlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();

  @BeforeAll
  static void recordAndExport() throws Exception {
    SignedFixture fixture = SignedFixture.make(data, files);
    key = fixture.key;
    signed = fixture.signed;
  }

  @BeforeEach
  void start() {
    background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "test-evidence");
              t.setDaemon(true);
              return t;
            });
  }

  @AfterEach
  void stop() throws InterruptedException {
    background.shutdownNow();
    background.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Runs what the view-model handed to the FX thread until {@code done}. */
  private void drainUntil(BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      Runnable r = fx.poll(100, TimeUnit.MILLISECONDS);
      if (r != null) {
        r.run();
      }
      assertThat(System.nanoTime()).as("the dialog's answer").isLessThan(deadline);
    }
  }

  private VerifyViewModel verifier(VerifyViewModel.Verifier v) {
    return new VerifyViewModel(v, background, fx::add, EN, ZoneOffset.UTC);
  }

  @Test
  void verificationRunsOffTheCallingThreadAndSaysAuthentic() throws Exception {
    String[] ranOn = new String[1];
    VerifyViewModel model =
        verifier(
            (file, expected) -> {
              ranOn[0] = Thread.currentThread().getName();
              return ExportVerifier.verify(file, expected);
            });
    model.verify(signed);
    assertThat(model.busyProperty().get()).isTrue();
    assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.CHECKING);
    assertThat(model.headlineProperty().get()).isEqualTo("Checking yard.mp4…");
    drainUntil(() -> !model.busyProperty().get());
    assertThat(ranOn[0]).isEqualTo("test-evidence");
    assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.AUTHENTIC);
    assertThat(model.headlineProperty().get()).contains("AUTHENTIC", "\"Gate house\"");
    assertThat(model.details())
        .anyMatch(l -> l.contains(key.fingerprint()))
        .anyMatch(l -> l.contains("Yard (ID cam-yard)"));

    model.expectedProperty().set(key.fingerprint().replace(" ", ":").toLowerCase(Locale.ROOT));
    model.verifyAgain();
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.AUTHENTIC);
    assertThat(model.details()).anyMatch(l -> l.contains("(the expected one)"));

    model.expectedProperty().set("C007 AA91");
    model.verifyAgain();
    assertThat(model.busyProperty().get())
        .as("nothing is verified with a bad fingerprint")
        .isFalse();
    assertThat(model.headlineProperty().get()).startsWith("The expected fingerprint must be");
  }

  @Test
  void aListenerOnTheDetailsStillHearsAfterAGarbageCollection() throws Exception {
    VerifyViewModel model = verifier(ExportVerifier::verify);
    // What the dialog does: listen on details() and keep only the listener, not the list.
    AtomicInteger heard = new AtomicInteger();
    model.details().addListener((ListChangeListener<String>) c -> heard.incrementAndGet());
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    model.verify(signed);
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.details()).isNotEmpty();
    assertThat(heard.get())
        .as("the dialog's text area is told of the verdict's lines")
        .isPositive();
  }

  @Test
  void aChangedByteAMissingFileAndAnotherSignerEachSaySo() throws Exception {
    VerifyViewModel model = verifier(ExportVerifier::verify);
    Path changed = work.resolve("changed.mp4");
    byte[] bytes = Files.readAllBytes(signed);
    bytes[bytes.length / 3] ^= 0x40;
    Files.write(changed, bytes);
    model.verify(changed);
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.NOT_AUTHENTIC);
    assertThat(model.headlineProperty().get()).startsWith("NOT AUTHENTIC: ");
    assertThat(model.details()).anyMatch(l -> l.startsWith("- "));

    model.verify(work.resolve("gone.mp4"));
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.UNREADABLE);
    assertThat(model.headlineProperty().get()).startsWith("The file cannot be read");

    model.expectedProperty().set("00".repeat(32));
    model.verify(signed);
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.NOT_AUTHENTIC);
    assertThat(model.headlineProperty().get()).contains("signed by another station");
  }

  @Test
  void anAnswerForAFileNoLongerShownIsDropped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      VerifyViewModel model =
          new VerifyViewModel(
              (file, expected) -> {
                if (file.getFileName().toString().equals("first.mp4")) {
                  try {
                    release.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException("stopped");
                  }
                }
                return ExportVerifier.verify(signed, expected);
              },
              two,
              fx::add,
              EN,
              ZoneOffset.UTC);
      model.verify(work.resolve("first.mp4"));
      model.verify(work.resolve("second.mp4"));
      drainUntil(() -> !model.busyProperty().get());
      assertThat(model.fileProperty().get().getFileName()).hasToString("second.mp4");
      assertThat(model.stateProperty().get()).isEqualTo(VerifyViewModel.State.AUTHENTIC);
      release.countDown();
      // The first answer arrives now and must not replace the second's.
      Runnable late = fx.poll(10, TimeUnit.SECONDS);
      assertThat(late).isNotNull();
      late.run();
      assertThat(model.fileProperty().get().getFileName()).hasToString("second.mp4");
      assertThat(model.headlineProperty().get()).contains("AUTHENTIC");
    } finally {
      two.shutdownNow();
    }
  }

  @Test
  void theExportLogShowsTheFileHashAndTheChain() throws Exception {
    ExportLogViewModel model =
        new ExportLogViewModel(new Custody(data, CLOCK), background, fx::add, EN, ZoneOffset.UTC);
    model.refresh();
    drainUntil(() -> !model.busyProperty().get());
    String sha = HexFormat.of().formatHex(ExportLog.sha256(signed));
    assertThat(model.rows())
        .anySatisfy(
            r -> {
              assertThat(r.sha256()).isEqualTo(sha);
              assertThat(r.file()).isEqualTo(signed.toString());
              assertThat(r.cameras()).isEqualTo("Yard");
              assertThat(r.by()).isEqualTo("guard");
              assertThat(r.signed()).isTrue();
            });
    assertThat(model.chainIntactProperty().get()).isTrue();
    assertThat(model.chainProperty().get()).startsWith("The log's hash chain holds over");
  }

  @Test
  void locksAreMadeListedAndReleasedWithReasons() throws Exception {
    Clock at = Clock.fixed(Instant.parse("2025-11-23T12:30:00Z"), ZoneOffset.UTC);
    LocksViewModel model =
        new LocksViewModel(new Custody(data, at), background, fx::add, EN, ZoneOffset.UTC, at);
    model.refresh();
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.cameras()).containsExactly(new Custody.Camera("cam-yard", "Yard"));
    int before = model.rows().size();

    model.lock(List.of("cam-yard"), "2025-11-23 12:13", "2025-11-23 12:14", "", "");
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.messageProperty().get()).startsWith("Not done: give a reason");

    model.lock(List.of("cam-yard"), "soon", "now", "", "x");
    assertThat(model.messageProperty().get()).startsWith("A time could not be read");

    model.lock(
        List.of("cam-yard"), "2025-11-23 12:13", "2025-11-23 12:14", "", "fight at the gate");
    drainUntil(() -> model.messageProperty().get().startsWith("Lock "));
    drainUntil(() -> !model.busyProperty().get() && model.rows().size() == before + 1);
    LocksViewModel.Row row = model.rows().get(0);
    assertThat(row.state()).isEqualTo(EvidenceLock.State.ACTIVE);
    assertThat(row.cameras()).isEqualTo("Yard");
    assertThat(row.until()).isEqualTo("until released");
    assertThat(row.kept()).isNotEmpty().isNotEqualTo("0.0 MB");
    assertThat(model.totalProperty().get()).doesNotStartWith("0.0 MB");

    model.release(row.id(), "handed over");
    drainUntil(() -> model.messageProperty().get().startsWith("Lock " + row.id() + " released"));
    drainUntil(() -> !model.busyProperty().get());
    assertThat(model.rows()).noneMatch(r -> r.id() == row.id());
    model.showEndedProperty().set(true);
    drainUntil(
        () ->
            !model.busyProperty().get() && model.rows().stream().anyMatch(r -> r.id() == row.id()));
    assertThat(model.rows())
        .filteredOn(r -> r.id() == row.id())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(EvidenceLock.State.RELEASED);
              assertThat(r.reason()).contains("fight at the gate", "handed over");
            });
  }
}
