package io.peerwall.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.station.network.NetworkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The network settings dialog's logic, without JavaFX running. */
class NetworkSettingsViewModelTest {
  @Test
  void validatesAddressesAndEditsTheFirstServers() {
    NetworkSettings current =
        new NetworkSettings(
            List.of("old-stun.example.org:3478", "second-stun.example.org:3478"),
            List.of(),
            null,
            List.of("192.0.2.10"));
    List<NetworkSettingsViewModel.Edit> saved = new ArrayList<>();
    NetworkSettingsViewModel vm =
        new NetworkSettingsViewModel(current, saved::add, Texts.of(Locale.ENGLISH));
    assertThat(vm.stunProperty().get()).isEqualTo("old-stun.example.org:3478");
    assertThat(vm.validProperty().get()).isTrue();
    vm.stunProperty().set("stun.example.org");
    assertThat(vm.validProperty().get()).isFalse();
    assertThat(vm.errorProperty().get()).startsWith("The STUN server must be host:port");
    assertThat(vm.save()).isFalse();
    vm.stunProperty().set("stun.example.org:3478");
    vm.turnProperty().set("[2001:db8::1]:3478");
    assertThat(vm.errorProperty().get()).isEqualTo("A TURN server needs a user name.");
    vm.turnUserProperty().set("station");
    assertThat(vm.errorProperty().get())
        .as("a new TURN server needs its password")
        .startsWith("Enter the TURN server's password");
    vm.turnPasswordProperty().set("turn-secret");
    vm.rendezvousProperty().set("rv.example.org:7443#K7QD");
    assertThat(vm.errorProperty().get())
        .as("a rendezvous ID with a typo is refused here, not when a session needs it")
        .startsWith("The rendezvous must be host:port or host:port#ID");
    String rendezvousId = Identity.generate().id();
    vm.rendezvousProperty().set("rv.example.org:7443#" + rendezvousId);
    assertThat(vm.save()).isTrue();
    assertThat(saved)
        .containsExactly(
            new NetworkSettingsViewModel.Edit(
                new NetworkSettings(
                    List.of("stun.example.org:3478", "second-stun.example.org:3478"),
                    List.of(),
                    "rv.example.org:7443#" + rendezvousId,
                    List.of("192.0.2.10")),
                new NetworkSettingsViewModel.NewTurn(
                    "[2001:db8::1]:3478", "station", "turn-secret")));
    assertThat(saved.get(0).newTurn().toString()).doesNotContain("turn-secret");
  }

  @Test
  void aSavedTurnPasswordIsKeptUnshownUntilTheServerOrUserChanges() {
    Identity station = Identity.generate();
    SealedTurnServer sealed =
        SealedTurnServer.seal(station, "turn.example.org:3478", "station", "turn-secret");
    NetworkSettings current = new NetworkSettings(List.of(), List.of(sealed), null, List.of());
    List<NetworkSettingsViewModel.Edit> saved = new ArrayList<>();
    NetworkSettingsViewModel ja =
        new NetworkSettingsViewModel(current, saved::add, Texts.of(Locale.JAPANESE));
    assertThat(ja.turnUserProperty().get()).isEqualTo("station");
    assertThat(ja.turnPasswordProperty().get()).as("never shown").isEmpty();
    assertThat(ja.validProperty().get()).isTrue();
    ja.rendezvousProperty().set("nope");
    assertThat(ja.errorProperty().get()).startsWith("ランデブーは host:port または host:port#ID");
    ja.rendezvousProperty().set("");
    assertThat(ja.save()).isTrue();
    assertThat(saved.get(0).settings().turn()).containsExactly(sealed);
    assertThat(saved.get(0).newTurn()).isNull();
    ja.turnUserProperty().set("someone-else");
    assertThat(ja.validProperty().get()).as("another user needs its own password").isFalse();
  }
}
