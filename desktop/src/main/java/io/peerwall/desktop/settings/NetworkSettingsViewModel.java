package io.peerwall.desktop.settings;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
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
 * The network settings dialog: the station's rendezvous ({@code host:port} or {@code
 * host:port#ID}), STUN server and TURN server (address, user, password), i.e. the first entries of
 * {@link NetworkSettings} ({@code peerwall network} edits the same file; further servers and the
 * local addresses are kept as they are). The fields are inputs; {@link #errorProperty()} says what
 * is wrong in plain words; {@link #save()} hands the edit to {@code saver}, which seals a new TURN
 * password and writes the file off the FX thread. The stored TURN password is never shown: an empty
 * password field keeps it, as long as the server and user stay the same. Sessions opened after
 * saving use the new settings.
 */
public final class NetworkSettingsViewModel {
  /**
   * What to save: the settings, and a TURN server whose password is new (to be sealed under the
   * station's key and put first), or null.
   */
  public record Edit(NetworkSettings settings, NewTurn newTurn) {}

  /** A TURN server typed in with its password, not sealed yet. */
  public record NewTurn(String address, String username, String password) {
    @Override
    public String toString() {
      return "NewTurn[" + address + ", " + username + ", <redacted>]";
    }
  }

  private final NetworkSettings current;
  private final Consumer<Edit> saver;
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
  public NetworkSettingsViewModel(NetworkSettings current, Consumer<Edit> saver, Texts texts) {
    this.current = current;
    this.saver = saver;
    this.texts = texts;
    stun.set(current.stun().isEmpty() ? "" : current.stun().get(0));
    if (!current.turn().isEmpty()) {
      SealedTurnServer t = current.turn().get(0);
      turn.set(t.address());
      turnUser.set(t.username());
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
    List<SealedTurnServer> turns = new ArrayList<>(current.turn());
    String turnAddress = blankToNull(turn.get());
    NewTurn newTurn = null;
    if (turnAddress == null) {
      replaceFirst(turns, null);
    } else if (!turnPassword.get().isEmpty()) {
      newTurn = new NewTurn(turnAddress, turnUser.get().strip(), turnPassword.get());
    }
    saver.accept(
        new Edit(
            new NetworkSettings(
                stuns, turns, blankToNull(rendezvous.get()), current.localAddresses()),
            newTurn));
    return true;
  }

  private void validate() {
    String problem = null;
    if (!isAddress(stun.get())) {
      problem = texts.get("network.error.stun");
    } else if (!isAddress(turn.get())) {
      problem = texts.get("network.error.turn");
    } else if (!isRendezvous(rendezvous.get())) {
      problem = texts.get("network.error.rendezvous");
    } else if (!turn.get().isBlank() && turnUser.get().isBlank()) {
      problem = texts.get("network.error.turnUser");
    } else if (!turn.get().isBlank() && turnPassword.get().isEmpty() && !sameTurnAsSaved()) {
      problem = texts.get("network.error.turnPassword");
    }
    error.set(problem == null ? "" : problem);
    valid.set(problem == null);
  }

  /** Whether the TURN server and user are the saved ones (whose sealed password is kept). */
  private boolean sameTurnAsSaved() {
    if (current.turn().isEmpty()) {
      return false;
    }
    SealedTurnServer t = current.turn().get(0);
    return t.address().equals(turn.get().strip()) && t.username().equals(turnUser.get().strip());
  }

  /** Empty, or host:port[#RENDEZVOUS-ID] with a valid ID. */
  static boolean isRendezvous(String value) {
    if (value.isBlank()) {
      return true;
    }
    try {
      RendezvousAddress.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
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
