package io.peerwall.station.audit;

import io.peerwall.camera.CameraAgent;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.Argon2Params;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraCredentials.PolicyOverride;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairingThrottle;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.db.StationDatabase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The audit's test site for the screens' tests (desktop): five real camera agents on loopback, each
 * paired with a station whose audit runs as in the product. Garage carries a factory password
 * written as an older agent would have (its scan finds it), Gate is locked out by wrong guesses,
 * Porch and Yard were given the same password by their owners after the site key came, Attic has a
 * strong one. {@link #start} returns once the audit knows all of that.
 */
public final class AuditLab implements AutoCloseable {
  public static final String SHARED = "orchid lantern seventy drifts";
  public static final String STRONG = "velvet harbor quietly sketches 47 comets";
  public static final String GARAGE_PASSWORD = "xmhdipc";

  private static final Argon2Params ARGON = new Argon2Params(8 * 1024, 1, 1);
  private static final PairingThrottle.Policy QUICK =
      new PairingThrottle.Policy(
          Duration.ofMillis(1),
          Duration.ofMillis(2),
          Duration.ofMillis(1),
          10,
          Duration.ofMinutes(15));

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Map<String, CameraAgent> agents = new LinkedHashMap<>();
  private AuditService audit;
  private StationCredentials station;

  private AuditLab() {}

  /** Starts the cameras, pairs them, audits them; the station's data in {@code data}. */
  public static AuditLab start(Path data) throws Exception {
    AuditLab lab = new AuditLab();
    try {
      lab.build(data);
      return lab;
    } catch (Exception | Error e) {
      lab.close();
      throw e;
    }
  }

  private void build(Path data) throws Exception {
    EncodedClip clip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Audit").withSize(160, 90));
    Map<String, String> initial = new LinkedHashMap<>();
    initial.put("Garage", GARAGE_PASSWORD);
    initial.put("Gate", "gate temporary sixty walrus");
    initial.put("Porch", "porch temporary seventy otters");
    initial.put("Yard", "yard temporary ninety herons");
    initial.put("Attic", STRONG);
    for (Map.Entry<String, String> e : initial.entrySet()) {
      CameraPairingStore store = CameraPairingStore.inMemory();
      CameraCredentials c =
          new CameraCredentials(
              Identity.generate(),
              store,
              new PairingThrottle(QUICK, store, System::currentTimeMillis),
              ARGON);
      c.setPassword(
          e.getValue().toCharArray(),
          List.of(e.getKey()),
          e.getKey().equals("Garage") ? PolicyOverride.WRITE_AS_OLDER_AGENT : PolicyOverride.NONE);
      CameraAgent agent =
          new CameraAgent(
              SignalingServer.Config.loopback(e.getKey(), c),
              new ClipReplaySource(e.getKey(), clip));
      toClose.add(agent);
      agent.start();
      agents.put(e.getKey(), agent);
    }
    station = StationCredentials.open(data.resolve("config/station"), "Audit desk");
    SignalingClient client =
        new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
    for (Map.Entry<String, String> e : initial.entrySet()) {
      CameraAgent a = agents.get(e.getKey());
      client.pair(at(a), a.cameraId(), e.getValue().toCharArray());
      station.trust().updateAddress(a.cameraId(), "127.0.0.1:" + a.port());
    }
    SignalingClient guesser =
        new SignalingClient(
            SignalingClient.Config.loopback()
                .withCredentials(StationCredentials.ephemeral("Guesser")));
    CameraAgent gate = agents.get("Gate");
    for (int i = 0; i < 10; i++) {
      try {
        guesser.pair(at(gate), gate.cameraId(), ("guess " + i).toCharArray());
      } catch (SignalingException expected) {
        Thread.sleep(5);
      }
    }
    audit = new AuditService(StationDatabase.open(data), station, Clock.systemUTC());
    for (CameraAgent a : agents.values()) {
      StationSession s = client.connect(at(a), f -> {});
      toClose.add(s);
      audit.attach(a.cameraId(), s).join();
    }
    agents.get("Porch").credentials().setPassword(SHARED.toCharArray(), List.of("Porch"));
    agents.get("Yard").credentials().setPassword(SHARED.toCharArray(), List.of("Yard"));
    AuditTexts en = AuditTexts.of(Locale.ENGLISH, ZoneOffset.UTC);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (audit.report(en).row(agents.get("Garage").cameraId()).blocklist() == null) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Garage's scan did not find its factory password in 60 s");
      }
      Thread.sleep(200);
      audit.refreshAll().join();
    }
    audit.refreshAll().join();
  }

  public static InetSocketAddress at(CameraAgent a) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port());
  }

  public AuditService audit() {
    return audit;
  }

  public StationCredentials station() {
    return station;
  }

  public CameraAgent camera(String name) {
    return agents.get(name);
  }

  @Override
  public void close() {
    if (audit != null) {
      audit.close();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        // closing a test camera or session: nothing to do about it
        org.slf4j.LoggerFactory.getLogger(AuditLab.class).warn("close failed: {}", e.toString());
      }
    }
  }
}
