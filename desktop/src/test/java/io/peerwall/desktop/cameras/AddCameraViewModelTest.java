package io.peerwall.desktop.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.desktop.ui.Texts;
import io.peerwall.p2p.discovery.DiscoveredCamera;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.pairing.PairingResult;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.pairing.PairingStep;
import io.peerwall.station.pairing.PasswordStrength;
import io.peerwall.station.pairing.SharedPasswordStrength;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The add-camera dialog's logic, without JavaFX running and with a scripted pairing. */
class AddCameraViewModelTest {
  private static final class ScriptedPairing implements PairingService {
    CompletableFuture<PairingResult> next = new CompletableFuture<>();
    Consumer<PairingStep> progress;
    char[] lastPassword;
    String lastId;

    @Override
    public CompletableFuture<PairingResult> pair(
        String cameraId, char[] password, Consumer<PairingStep> p) {
      lastId = cameraId;
      lastPassword = password;
      progress = p;
      return next;
    }

    @Override
    public List<DiscoveredCamera> discovered() {
      return List.of(
          new DiscoveredCamera(
              "pw-7K3M-Q9XD", "Back door", new InetSocketAddress("192.0.2.7", 7700)));
    }

    @Override
    public PasswordStrength strength(String password, List<String> context) {
      return SharedPasswordStrength.measure(password, context);
    }
  }

  @Test
  void pairsWithProgressAndResultInPlainWords() {
    ScriptedPairing pairing = new ScriptedPairing();
    List<Feed> added = new ArrayList<>();
    AddCameraViewModel vm =
        new AddCameraViewModel(pairing, Texts.of(Locale.ENGLISH), Runnable::run, added::add);
    assertThat(vm.discovered()).hasSize(1);
    assertThat(vm.canPairProperty().get()).isFalse();

    vm.choose(vm.discovered().get(0));
    assertThat(vm.cameraIdProperty().get()).isEqualTo("pw-7K3M-Q9XD");
    vm.passwordProperty().set("xmhdipc");
    assertThat(vm.strengthResultProperty().get().blocklisted()).isTrue();
    assertThat(vm.strengthTextProperty().get()).startsWith("very weak: a known factory default");
    vm.passwordProperty().set("correct-horse-battery-7");
    assertThat(vm.strengthProperty().get()).isGreaterThanOrEqualTo(0.75);
    assertThat(vm.canPairProperty().get()).isTrue();

    vm.pair();
    assertThat(pairing.lastId).isEqualTo("pw-7K3M-Q9XD");
    assertThat(vm.passwordProperty().get()).isEmpty(); // the field does not keep it
    assertThat(vm.busyProperty().get()).isTrue();
    assertThat(vm.canPairProperty().get()).isFalse();
    pairing.progress.accept(PairingStep.CHECKING_PASSWORD);
    assertThat(vm.progressProperty().get()).isEqualTo("Checking the password…");

    pairing.next.complete(
        PairingResult.failed(PairingResult.Outcome.WRONG_PASSWORD, "pw-7K3M-Q9XD"));
    assertThat(vm.busyProperty().get()).isFalse();
    assertThat(vm.resultProperty().get())
        .isEqualTo("The camera refused the password. Check it and try again.");
    assertThat(new String(pairing.lastPassword)).isEqualTo("\0".repeat(23)); // zeroed after use
    assertThat(added).isEmpty();

    pairing.next = new CompletableFuture<>();
    vm.passwordProperty().set("correct-horse-battery-8");
    vm.pair();
    Feed feed =
        new io.peerwall.station.feed.Feed() {
          public String cameraId() {
            return "pw-7K3M-Q9XD";
          }

          public String name() {
            return "Back door";
          }

          public io.peerwall.station.feed.FeedState state() {
            return io.peerwall.station.feed.FeedState.LIVE;
          }

          public String path() {
            return "LAN";
          }

          public io.peerwall.station.feed.FeedStats stats() {
            return new io.peerwall.station.feed.FeedStats();
          }

          public io.peerwall.station.feed.TripleBuffer<io.peerwall.decoder.FrameBuffer> frames() {
            return null;
          }

          public void requestOutputSize(int w, int h) {}
        };
    pairing.next.complete(
        new PairingResult(PairingResult.Outcome.PAIRED, "pw-7K3M-Q9XD", "Back door", feed));
    assertThat(vm.resultProperty().get()).isEqualTo("Back door was added.");
    assertThat(vm.pairedProperty().get()).isTrue();
    assertThat(added).containsExactly(feed);
  }

  @Test
  void strengthComesFromTheSharedChecks() {
    assertThat(SharedPasswordStrength.measure("xmhdipc", List.of()).blocklisted()).isTrue();
    assertThat(SharedPasswordStrength.measure("abc12", List.of()).reason())
        .isEqualTo("strength.reason.short");
    assertThat(SharedPasswordStrength.measure("Backdoor2024", List.of("backdoor")).acceptable())
        .isFalse();
    assertThat(SharedPasswordStrength.measure("river-otter-maple-91", List.of()).acceptable())
        .isTrue();
  }

  @Test
  void japaneseResults() {
    ScriptedPairing pairing = new ScriptedPairing();
    AddCameraViewModel vm =
        new AddCameraViewModel(pairing, Texts.of(Locale.JAPANESE), Runnable::run, f -> {});
    vm.cameraIdProperty().set("x");
    vm.passwordProperty().set("river-otter-maple-91");
    vm.pair();
    pairing.next.complete(PairingResult.failed(PairingResult.Outcome.KEY_MISMATCH, "x"));
    assertThat(vm.resultProperty().get()).contains("なりすまし");
  }
}
