package io.peerwall.desktop.cameras;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.pairing.PairingResult;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.pairing.PasswordStrength;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The "add camera" dialog: camera ID and password in, with the LAN-discovered cameras to pick from
 * and a strength meter on the password; pairing progress and its result in plain words out. The two
 * input properties are the form's fields; everything else is read-only. Pairing runs in the {@link
 * PairingService} implementation's own threads; its progress and result come back through {@code
 * fx} (the FX thread in the app, the calling thread in tests).
 */
public final class AddCameraViewModel {
  private final PairingService pairing;
  private final Texts texts;
  private final Executor fx;
  private final Consumer<Feed> onPaired;
  private final StringProperty cameraId = new SimpleStringProperty("");
  private final StringProperty password = new SimpleStringProperty("");
  private final ReadOnlyDoubleWrapper strength = new ReadOnlyDoubleWrapper(0);
  private final ReadOnlyStringWrapper strengthText = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<PasswordStrength> strengthResult =
      new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canPair = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper paired = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<PairingResult.Outcome> outcome =
      new ReadOnlyObjectWrapper<>();
  private final ObservableList<DiscoveredCamera> discovered = FXCollections.observableArrayList();
  private final ObservableList<DiscoveredCamera> discoveredView =
      FXCollections.unmodifiableObservableList(discovered);

  public AddCameraViewModel(
      PairingService pairing, Texts texts, Executor fx, Consumer<Feed> onPaired) {
    this.pairing = pairing;
    this.texts = texts;
    this.fx = fx;
    this.onPaired = onPaired;
    password.addListener((obs, was, now) -> measure());
    cameraId.addListener((obs, was, now) -> measure());
    busy.addListener((obs, was, now) -> updateCanPair());
    refreshDiscovered();
    measure();
  }

  public StringProperty cameraIdProperty() {
    return cameraId;
  }

  public StringProperty passwordProperty() {
    return password;
  }

  /** The meter: 0 while empty, else (score + 1) / 5. */
  public ReadOnlyDoubleProperty strengthProperty() {
    return strength.getReadOnlyProperty();
  }

  /** "weak: a factory default password" ... empty while the field is empty. */
  public ReadOnlyStringProperty strengthTextProperty() {
    return strengthText.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<PasswordStrength> strengthResultProperty() {
    return strengthResult.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canPairProperty() {
    return canPair.getReadOnlyProperty();
  }

  /** True once a camera was added (the dialog may close). */
  public ReadOnlyBooleanProperty pairedProperty() {
    return paired.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty resultProperty() {
    return result.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<PairingResult.Outcome> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  public ObservableList<DiscoveredCamera> discovered() {
    return discoveredView;
  }

  /** Re-reads the LAN-discovered cameras. */
  public void refreshDiscovered() {
    discovered.setAll(pairing.discovered());
  }

  /** Picking a discovered camera fills in its ID. */
  public void choose(DiscoveredCamera camera) {
    if (camera != null) {
      cameraId.set(camera.cameraId());
    }
  }

  /** Starts pairing with the entered ID and password; the password field is cleared. */
  public void pair() {
    if (!canPair.get()) {
      return;
    }
    String id = cameraId.get().strip();
    char[] secret = password.get().toCharArray();
    password.set("");
    busy.set(true);
    result.set("");
    outcome.set(null);
    progress.set(texts.get("pairing.step.LOOKING_UP"));
    pairing
        .pair(id, secret, step -> fx.execute(() -> progress.set(texts.get("pairing.step." + step))))
        .whenComplete(
            (r, error) -> {
              Arrays.fill(secret, '\0');
              fx.execute(() -> finished(id, r, error));
            });
  }

  private void finished(String id, PairingResult r, Throwable error) {
    busy.set(false);
    progress.set("");
    if (error != null || r == null) {
      outcome.set(PairingResult.Outcome.FAILED);
      result.set(texts.get("pairing.result.FAILED", id));
      return;
    }
    outcome.set(r.outcome());
    String name = r.cameraName() != null ? r.cameraName() : id;
    result.set(texts.get("pairing.result." + r.outcome().name(), name));
    if (r.outcome() == PairingResult.Outcome.PAIRED && r.feed() != null) {
      onPaired.accept(r.feed());
      paired.set(true);
      refreshDiscovered();
    }
  }

  private void measure() {
    String pw = password.get();
    if (pw.isEmpty()) {
      strength.set(0);
      strengthText.set("");
      strengthResult.set(null);
    } else {
      PasswordStrength s = pairing.strength(pw, List.of(cameraId.get()));
      strengthResult.set(s);
      strength.set((s.score() + 1) / 5.0); // a sliver of red even for the weakest
      String level = texts.get("strength.level." + s.score());
      strengthText.set(s.reason() == null ? level : level + ": " + texts.get(s.reason()));
    }
    updateCanPair();
  }

  private void updateCanPair() {
    canPair.set(!busy.get() && !cameraId.get().isBlank() && !password.get().isEmpty());
  }
}
