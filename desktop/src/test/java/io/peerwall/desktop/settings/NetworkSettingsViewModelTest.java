package io.peerwall.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
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
    List<NetworkSettings> saved = new ArrayList<>();
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
    vm.turnPasswordProperty().set("turn-secret");
    vm.rendezvousProperty().set("rv.example.org:7443");
    assertThat(vm.save()).isTrue();
    assertThat(saved)
        .containsExactly(
            new NetworkSettings(
                List.of("stun.example.org:3478", "second-stun.example.org:3478"),
                List.of(new NetworkSettings.Turn("[2001:db8::1]:3478", "station", "turn-secret")),
                "rv.example.org:7443",
                List.of("192.0.2.10")));

    NetworkSettingsViewModel ja =
        new NetworkSettingsViewModel(saved.get(0), s -> {}, Texts.of(Locale.JAPANESE));
    assertThat(ja.turnUserProperty().get()).isEqualTo("station");
    ja.rendezvousProperty().set("nope");
    assertThat(ja.errorProperty().get()).isEqualTo("ランデブーは host:port の形式で入力してください。");
  }
}
