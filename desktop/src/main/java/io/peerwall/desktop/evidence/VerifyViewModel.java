package io.peerwall.desktop.evidence;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.recorder.evidence.StationSigningKey;
import io.peerwall.recorder.evidence.Verdict;
import io.peerwall.station.custody.VerdictText;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "Verify a file…" dialog: a file (chosen with a file chooser) and, optionally, the fingerprint
 * it must be signed with, in; the verdict in plain words out, with the same detail lines as {@code
 * peerwall verify}. Verification reads the whole file (a second per GB), so it runs on {@code
 * background}; the result comes back through {@code fx} (the FX thread in the app, the calling
 * thread in tests). A result for a file no longer shown is dropped.
 */
public final class VerifyViewModel {
  /** What the dialog shows. */
  public enum State {
    EMPTY,
    CHECKING,
    AUTHENTIC,
    NOT_SIGNED,
    NOT_AUTHENTIC,
    UNREADABLE
  }

  /** Verifies a file: the station's verifier (only I/O errors are exceptions). */
  @FunctionalInterface
  public interface Verifier {
    Verdict verify(Path file, String expectedFingerprint) throws IOException;
  }

  private final Verifier verifier;
  private final Executor background;
  private final Executor fx;
  private final Texts texts;
  private final VerdictText words;
  private final StringProperty expected = new SimpleStringProperty("");
  private final ReadOnlyObjectWrapper<Path> file = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.EMPTY);
  private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ObservableList<String> details = FXCollections.observableArrayList();
  // One read-only view kept for good: a view made per call is held by nobody, and the weak
  // listener it puts on the list dies with it at the next GC (the dialog stops updating).
  private final ObservableList<String> detailsView =
      FXCollections.unmodifiableObservableList(details);
  private long run;

  public VerifyViewModel(
      Verifier verifier, Executor background, Executor fx, Texts texts, ZoneId zone) {
    this.verifier = verifier;
    this.background = background;
    this.fx = fx;
    this.texts = texts;
    this.words = new VerdictText(zone);
    headline.set(texts.get("verify.noFile"));
  }

  /** The fingerprint the file must be signed with (optional): 64 hex digits, spaces allowed. */
  public StringProperty expectedProperty() {
    return expected;
  }

  public ReadOnlyObjectProperty<Path> fileProperty() {
    return file.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** One sentence: the verdict and what it means. */
  public ReadOnlyStringProperty headlineProperty() {
    return headline.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** What the verdict carries: station, fingerprint, cameras, times, or what failed. */
  public ObservableList<String> details() {
    return detailsView;
  }

  /** Verifies {@code chosen} (FX thread); the answer arrives later through {@code fx}. */
  public void verify(Path chosen) {
    file.set(chosen);
    details.clear();
    String wanted = expected.get() == null ? "" : expected.get().replaceAll("[\\s:]", "");
    String expectedFingerprint = null;
    if (!wanted.isEmpty()) {
      if (!wanted.matches("(?i)[0-9a-f]{64}")) {
        state.set(State.EMPTY);
        headline.set(texts.get("verify.badExpect"));
        return;
      }
      expectedFingerprint = StationSigningKey.formatFingerprint(HexFormat.of().parseHex(wanted));
    }
    long mine = ++run;
    busy.set(true);
    state.set(State.CHECKING);
    headline.set(texts.get("verify.checking", name(chosen)));
    String fingerprint = expectedFingerprint;
    try {
      background.execute(() -> check(mine, chosen, fingerprint));
    } catch (RejectedExecutionException e) {
      busy.set(false);
      state.set(State.UNREADABLE);
      headline.set(texts.get("verify.UNREADABLE", "the window is closing"));
    }
  }

  /** Verifies the file shown again (after changing the expected fingerprint). */
  public void verifyAgain() {
    if (file.get() != null) {
      verify(file.get());
    }
  }

  private void check(long mine, Path chosen, String fingerprint) {
    Verdict verdict;
    try {
      verdict = verifier.verify(chosen, fingerprint);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      fx.execute(
          () -> show(mine, State.UNREADABLE, texts.get("verify.UNREADABLE", why), List.of()));
      return;
    }
    State result =
        verdict instanceof Verdict.Authentic
            ? State.AUTHENTIC
            : verdict instanceof Verdict.NotSigned ? State.NOT_SIGNED : State.NOT_AUTHENTIC;
    String line;
    if (verdict instanceof Verdict.Authentic a) {
      line = texts.get("verify.AUTHENTIC", a.evidence().stationName());
    } else if (verdict instanceof Verdict.NotAuthentic n) {
      line = texts.get("verify.NOT_AUTHENTIC", n.failures().get(0).reason().headline());
    } else {
      line = texts.get("verify.NOT_SIGNED");
    }
    List<String> lines = words.details(verdict, fingerprint);
    fx.execute(() -> show(mine, result, line, lines));
  }

  private void show(long mine, State result, String line, List<String> lines) {
    if (mine != run) {
      return; // another file was chosen meanwhile
    }
    busy.set(false);
    state.set(result);
    headline.set(line);
    details.setAll(lines);
  }

  private static String name(Path p) {
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }
}
