package io.peerwall.desktop.settings;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.network.NetworkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The network settings dialog: the station's STUN server, TURN server (address, user, password) and
 * rendezvous, i.e. the first entries of {@link NetworkSettings} ({@code peerwall network} edits the
 * same file; further servers and the local addresses are kept as they are). The fields are inputs;
 * {@link #errorProperty()} says what is wrong in plain words; {@link #save()} hands the new
 * settings to {@code saver}, which writes them off the FX thread. Sessions opened after that use
 * them.
 */
public final class NetworkSettingsViewModel {
  private final NetworkSettings current;
  private final Consumer<NetworkSettings> saver;
  private final Texts texts;
  private final StringProperty stun = new SimpleStringProperty("");
  private final StringProperty turn = new SimpleStringProperty("");
  private final StringProperty turnUser = new SimpleStringProperty("");
  private final StringProperty turnPassword = new SimpleStringProperty("");
  private final StringProperty rendezvous = new SimpleStringProperty("");
  private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(true);

  /**
   * @param current the settings as loaded (by the caller, off the FX thread)
   * @param saver writes new settings; must not block (hand the write to an I/O thread)
   */
  public NetworkSettingsViewModel(
      NetworkSettings current, Consumer<NetworkSettings> saver, Texts texts) {
    this.current = current;
    this.saver = saver;
    this.texts = texts;
    stun.set(current.stun().isEmpty() ? "" : current.stun().get(0));
    if (!current.turn().isEmpty()) {
      NetworkSettings.Turn t = current.turn().get(0);
      turn.set(t.address());
      turnUser.set(t.username());
      turnPassword.set(t.password());
    }
    rendezvous.set(current.rendezvous() == null ? "" : current.rendezvous());
    for (StringProperty p : new StringProperty[] {stun, turn, turnUser, turnPassword, rendezvous}) {
      p.addListener((obs, was, now) -> validate());
    }
    validate();
  }

  public StringProperty stunProperty() {
    return stun;
  }

  public StringProperty turnProperty() {
    return turn;
  }

  public StringProperty turnUserProperty() {
    return turnUser;
  }

  public StringProperty turnPasswordProperty() {
    return turnPassword;
  }

  public StringProperty rendezvousProperty() {
    return rendezvous;
  }

  public ReadOnlyStringProperty errorProperty() {
    return error.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty validProperty() {
    return valid.getReadOnlyProperty();
  }

  /** Stores the fields if they are valid; returns whether it did. */
  public boolean save() {
    if (!valid.get()) {
      return false;
    }
    List<String> stuns = new ArrayList<>(current.stun());
    replaceFirst(stuns, blankToNull(stun.get()));
    List<NetworkSettings.Turn> turns = new ArrayList<>(current.turn());
    String turnAddress = blankToNull(turn.get());
    replaceFirst(
        turns,
        turnAddress == null
            ? null
            : new NetworkSettings.Turn(turnAddress, turnUser.get().strip(), turnPassword.get()));
    saver.accept(
        new NetworkSettings(stuns, turns, blankToNull(rendezvous.get()), current.localAddresses()));
    return true;
  }

  private void validate() {
    String problem = null;
    if (!isAddress(stun.get())) {
      problem = texts.get("network.error.stun");
    } else if (!isAddress(turn.get())) {
      problem = texts.get("network.error.turn");
    } else if (!isAddress(rendezvous.get())) {
      problem = texts.get("network.error.rendezvous");
    } else if (!turn.get().isBlank() && turnUser.get().isBlank()) {
      problem = texts.get("network.error.turnUser");
    }
    error.set(problem == null ? "" : problem);
    valid.set(problem == null);
  }

  /** Empty, or host:port (port 1..65535), optionally after one of the schemes. */
  static boolean isAddress(String value, String... schemes) {
    String v = value.strip();
    if (v.isEmpty()) {
      return true;
    }
    for (String scheme : schemes) {
      if (v.startsWith(scheme)) {
        v = v.substring(scheme.length());
        break;
      }
    }
    int colon = v.lastIndexOf(':');
    if (colon <= 0 || colon == v.length() - 1) {
      return false;
    }
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.matches("[A-Za-z0-9.:-]+")) {
      return false;
    }
    try {
      int port = Integer.parseInt(v.substring(colon + 1));
      return port >= 1 && port <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Sets, adds or (value null) removes the first entry. */
  private static <T> void replaceFirst(List<T> list, T value) {
    if (value == null) {
      if (!list.isEmpty()) {
        list.remove(0);
      }
    } else if (list.isEmpty()) {
      list.add(value);
    } else {
      list.set(0, value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
