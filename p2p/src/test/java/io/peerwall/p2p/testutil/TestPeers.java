package io.peerwall.p2p.testutil;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.pairing.WeakPasswordException;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** Real cameras and stations for tests: real keys, real SRP pairing over loopback. */
public final class TestPeers {
  /** A password the policy accepts. */
  public static final String PASSWORD = "violet anchor ninety quietly sings";

  /** Cheap Argon2id for tests that pair often (the real default is measured by the bench). */
  public static final Argon2Params FAST_ARGON = new Argon2Params(8 * 1024, 1, 1);

  private TestPeers() {}

  /** A camera with {@link #PASSWORD} set and the default throttle. */
  public static CameraCredentials camera() {
    return camera(PairingThrottle.Policy.DEFAULT);
  }

  public static CameraCredentials camera(PairingThrottle.Policy policy) {
    CameraPairingStore store = CameraPairingStore.inMemory();
    CameraCredentials c =
        new CameraCredentials(
            Identity.generate(),
            store,
            new PairingThrottle(policy, store, System::currentTimeMillis),
            FAST_ARGON);
    try {
      c.setPassword(PASSWORD.toCharArray(), List.of());
    } catch (WeakPasswordException e) {
      throw new IllegalStateException(e);
    }
    return c;
  }

  /** A fresh station, paired with the camera of {@code server} over the real protocol. */
  public static SignalingClient pairedClient(SignalingServer server) {
    return pairedClient(server, SignalingClient.Config.loopback());
  }

  public static SignalingClient pairedClient(SignalingServer server, SignalingClient.Config cfg) {
    SignalingClient client =
        new SignalingClient(cfg.withCredentials(StationCredentials.ephemeral("test station")));
    try {
      client.pair(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()),
          server.config().cameraId(),
          PASSWORD.toCharArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return client;
  }
}
