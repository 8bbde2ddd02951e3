package io.peerwall.desktop.audit;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.p2p.pairing.PasswordPolicy;
import io.peerwall.station.audit.AuditDocument;
import io.peerwall.station.audit.AuditReport;
import io.peerwall.station.audit.AuditRow;
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.audit.AuditTexts;
import io.peerwall.station.audit.FixResult;
import io.peerwall.station.audit.Verdict;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Audit screen's one view-model: the rows (from the stored facts, read off the FX thread on
 * {@code background}), the score and how it is computed, the filters, and the commands (read again,
 * change a password, fix all, write the report). Only {@code javafx.base} properties, so it is
 * tested without a toolkit; results come back through {@code fx}.
 */
public final class AuditViewModel {
  private final AuditService audit;
  private final Texts texts;
  private final AuditTexts words;
  private final Executor background;
  private final Executor fx;
  private final Clock clock;
  private final ObservableList<AuditLine> lines = FXCollections.observableArrayList();
  private final FilteredList<AuditLine> shown = new FilteredList<>(lines, l -> true);
  private final ObjectProperty<Verdict> verdictFilter = new SimpleObjectProperty<>();
  private final StringProperty search = new SimpleStringProperty("");
  private final BooleanProperty needsFixOnly = new SimpleBooleanProperty();
  private final ReadOnlyStringWrapper score = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
  private final ReadOnlyLongWrapper loadMillis = new ReadOnlyLongWrapper(-1);
  private final AtomicBoolean reloadPending = new AtomicBoolean();
  private volatile AuditReport report;
  private final Runnable unsubscribe;

  public AuditViewModel(
      AuditService audit,
      Texts texts,
      Executor background,
      Executor fx,
      Clock clock,
      java.time.ZoneId zone) {
    this.audit = audit;
    this.texts = texts;
    this.words = AuditTexts.of(texts.locale(), zone);
    this.background = background;
    this.fx = fx;
    this.clock = clock;
    verdictFilter.addListener(o -> refilter());
    search.addListener(o -> refilter());
    needsFixOnly.addListener(o -> refilter());
    unsubscribe = audit.onChanged(this::reloadSoon);
  }

  /** Stops following the audit (the screen closed). */
  public void close() {
    unsubscribe.run();
  }

  /** Rows after the filters (the view sorts them). */
  public ObservableList<AuditLine> rows() {
    return shown;
  }

  /** Only this verdict, or null for all. */
  public ObjectProperty<Verdict> verdictFilterProperty() {
    return verdictFilter;
  }

  /** Part of a name or ID. */
  public StringProperty searchProperty() {
    return search;
  }

  public BooleanProperty needsFixOnlyProperty() {
    return needsFixOnly;
  }

  /** "Score 35/100 = (1×100 + …) ÷ 5 audited cameras …". */
  public ReadOnlyStringProperty scoreProperty() {
    return score.getReadOnlyProperty();
  }

  /** The outcome of the last command, in words. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** A line about the station database (damaged and replaced), or "". */
  public ReadOnlyStringProperty noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** How long the last load from the stored facts took (ms), -1 before the first. */
  public ReadOnlyLongProperty loadMillisProperty() {
    return loadMillis.getReadOnlyProperty();
  }

  public AuditTexts words() {
    return words;
  }

  public Texts texts() {
    return texts;
  }

  /** Builds the rows from the stored facts, off the FX thread; completes once they are shown. */
  public CompletableFuture<Void> load() {
    loading.set(true);
    long started = System.nanoTime();
    CompletableFuture<Void> done = new CompletableFuture<>();
    background.execute(
        () -> {
          try {
            AuditReport r = audit.report(words);
            List<AuditLine> made =
                r.rows().stream()
                    .map(row -> AuditLine.of(row, words, r.generatedAtMillis()))
                    .toList();
            fx.execute(
                () -> {
                  show(r, made);
                  loadMillis.set((System.nanoTime() - started) / 1_000_000);
                  loading.set(false);
                  done.complete(null);
                });
          } catch (java.sql.SQLException | RuntimeException e) {
            fx.execute(
                () -> {
                  loading.set(false);
                  message.set(texts.get("audit.loadFailed", e.getMessage()));
                  done.complete(null);
                });
          }
        });
    return done;
  }

  private void show(AuditReport r, List<AuditLine> made) {
    report = r;
    lines.setAll(made);
    score.set(words.scoreFormula(r));
    notice.set(r.notice());
  }

  /** Coalesces the audit's change notices into one reload. */
  private void reloadSoon() {
    if (reloadPending.compareAndSet(false, true)) {
      fx.execute(
          () -> {
            reloadPending.set(false);
            load();
          });
    }
  }

  /** Reads every online camera's facts again, then reloads. */
  public CompletableFuture<Void> refresh() {
    loading.set(true);
    CompletableFuture<Void> shown = new CompletableFuture<>();
    audit
        .refreshAll()
        .whenComplete(
            (v, e) -> fx.execute(() -> load().whenComplete((x, y) -> shown.complete(null))));
    return shown;
  }

  /** A passphrase the station's policy accepts for this camera. */
  public String suggest(String cameraId) {
    return audit.suggestPassphrase(cameraId);
  }

  /** The station's check of a would-be new password, in words (cheap: FX thread is fine). */
  public String check(String cameraId, String candidate) {
    if (candidate == null || candidate.isEmpty()) {
      return texts.get("change.check.empty");
    }
    char[] chars = candidate.toCharArray();
    try {
      PasswordPolicy.Verdict v = audit.check(cameraId, chars);
      return v.acceptable()
          ? texts.get("change.check.ok")
          : texts.get("change.check.refused", String.join("; ", v.reasons()));
    } finally {
      java.util.Arrays.fill(chars, '\0');
    }
  }

  /**
   * Changes a camera's password; the outcome in words lands in {@link #messageProperty()} and the
   * rows reload. The arrays are copied by the audit; the caller clears its own.
   */
  public CompletableFuture<FixResult> changePassword(String cameraId, char[] current, char[] next) {
    return audit
        .changePassword(cameraId, current, next)
        .whenComplete(
            (r, e) ->
                fx.execute(
                    () -> {
                      message.set(
                          r != null
                              ? words.outcome(r)
                              : texts.get("audit.loadFailed", String.valueOf(e)));
                      load();
                    }));
  }

  /** The words of one outcome (the dialog shows it). */
  public String outcomeText(FixResult r) {
    return words.outcome(r);
  }

  /** The cameras "Fix all" walks through: Critical and High, worst first, as last loaded. */
  public List<AuditLine> needingFix() {
    AuditReport r = report;
    if (r == null) {
      return List.of();
    }
    return lines.stream().filter(l -> l.verdict().needsFix()).toList();
  }

  public void fixAllDone(int changed, int queued, int other) {
    message.set(texts.get("audit.fixAllDone", changed, queued, other));
  }

  /** Writes the HTML report and findings CSV into {@code dir}, off the FX thread. */
  public CompletableFuture<Path> writeReport(Path dir, String stationName) {
    CompletableFuture<Path> done = new CompletableFuture<>();
    background.execute(
        () -> {
          try {
            AuditReport r = audit.report(words);
            Path html = AuditDocument.write(r, words, stationName, dir);
            fx.execute(() -> message.set(texts.get("audit.reportWritten", html)));
            done.complete(html);
          } catch (Exception e) {
            fx.execute(() -> message.set(texts.get("audit.reportFailed", e.getMessage())));
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  public long now() {
    return clock.millis();
  }

  private void refilter() {
    Verdict v = verdictFilter.get();
    String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
    boolean fixOnly = needsFixOnly.get();
    shown.setPredicate(
        l ->
            (v == null || l.verdict() == v)
                && (!fixOnly || l.verdict().needsFix())
                && (q.isEmpty()
                    || l.name().toLowerCase(Locale.ROOT).contains(q)
                    || l.cameraId().toLowerCase(Locale.ROOT).contains(q)));
  }

  /** The row of one camera as last loaded, or null. */
  public AuditRow row(String cameraId) {
    AuditReport r = report;
    return r == null ? null : r.row(cameraId);
  }
}
