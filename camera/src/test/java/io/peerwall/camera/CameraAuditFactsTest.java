package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraCredentials.PolicyOverride;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.CameraAudit;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's facts end to end, with real camera agents on disk (default Argon2id, real keys,
 * sessions over loopback): a camera carrying a factory password written as an older agent would
 * have, found by the agent's background scan; two cameras with the same password found equal by
 * their reuse tags once the site key went camera to camera through the station; a refused default
 * named by its list.
 */
@Timeout(180)
class CameraAuditFactsTest {
  private static final String SHARED = "orchid lantern seventy drifts";
  private static final String NEXT = "walnut-glacier-puffin-tango-meadow";
  private static final String GARAGE_NEXT = "copper meadow wander eleven";

  @TempDir Path garageDir;
  @TempDir Path porchDir;
  @TempDir Path yardDir;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private SignalingClient station;
  private final StationCredentials desk = StationCredentials.ephemeral("Admin desk");

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private StationSession serveAndConnect(String name, CameraCredentials creds, String password)
      throws IOException {
    ClipReplaySource source =
        new ClipReplaySource(
            name, SyntheticClipEncoder.encode(SyntheticClipSpec.defaults(name).withSize(160, 90)));
    CameraAgent agent = new CameraAgent(SignalingServer.Config.loopback(name, creds), source);
    toClose.add(agent);
    agent.start();
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
    station.pair(at, agent.cameraId(), password.toCharArray());
    StationSession s = station.connect(at, f -> {});
    toClose.add(s);
    return s;
  }

  private static PasswordFacts facts(StationSession s) throws IOException {
    CameraAudit.Report r = CameraAudit.read(s);
    assertThat(r.tooOldForFacts()).isFalse();
    return r.facts();
  }

  @Test
  void factoryPasswordReuseAndRefusedDefaultsReachTheStation() throws Exception {
    station = new SignalingClient(SignalingClient.Config.loopback().withCredentials(desk));
    CameraCredentials garage = CameraCredentials.open(garageDir);
    garage.setPassword(
        "xmhdipc".toCharArray(), List.of("Garage"), PolicyOverride.WRITE_AS_OLDER_AGENT);
    CameraCredentials porch = CameraCredentials.open(porchDir);
    porch.setPassword(SHARED.toCharArray(), List.of("Porch"));
    CameraCredentials yard = CameraCredentials.open(yardDir);
    yard.setPassword(SHARED.toCharArray(), List.of("Yard"));

    StationSession g = serveAndConnect("Garage", garage, "xmhdipc");
    StationSession p = serveAndConnect("Porch", porch, SHARED);
    StationSession y = serveAndConnect("Yard", yard, SHARED);

    // The Garage agent tries the factory lists against its verifier after start.
    PasswordFacts gf = facts(g);
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (!gf.password().scan().equals("found") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      gf = facts(g);
    }
    assertThat(gf.password().origin()).isEqualTo("legacy");
    assertThat(gf.password().scan()).isEqualTo("found");
    assertThat(gf.password().score()).isNull();
    assertThat(gf.listed().label()).isEqualTo("Mirai botnet default");

    PasswordFacts pf = facts(p);
    assertThat(pf.password().origin()).isEqualTo("checked");
    assertThat(pf.password().score()).isGreaterThanOrEqualTo(3);
    assertThat(pf.password().length()).isEqualTo(SHARED.length());
    assertThat(pf.listed()).isNull();
    assertThat(pf.reuse().state()).isEqualTo("no-site-key");

    // The first camera makes the site key; the station carries it sealed to the others.
    CameraAudit.createSiteKey(p);
    CameraAudit.shareSiteKey(p, y);
    CameraAudit.shareSiteKey(p, g);
    String site = facts(p).reuse().siteKeyId();
    assertThat(site).matches("[0-9a-f]{16}");
    assertThat(facts(y).reuse().siteKeyId()).isEqualTo(site);
    assertThat(facts(g).reuse().siteKeyId()).isEqualTo(site);
    // Passwords set before the key cannot be tagged: the cameras never kept them.
    assertThat(facts(y).reuse().state()).isEqualTo("pending");
    assertThat(facts(p).reuse().exports()).isEqualTo(2);
    assertThat(facts(p).reuse().lastExportTo()).isEqualTo(g.cameraId());
    // Not to a key of a paired station (the station asking for the key for itself).
    assertThatThrownBy(() -> CameraAudit.exportSiteKey(p, desk.identity().publicIdentity()))
        .hasMessageContaining("paired station");
    CameraAudit.createSiteKey(g); // has one: keeps it
    assertThat(facts(g).reuse().siteKeyId()).isEqualTo(site);

    // The same new password on two cameras: equal tags. The factory one fixed: another tag.
    p.changePassword(SHARED.toCharArray(), NEXT.toCharArray());
    y.changePassword(SHARED.toCharArray(), NEXT.toCharArray());
    g.changePassword("xmhdipc".toCharArray(), GARAGE_NEXT.toCharArray());
    PasswordFacts p2 = facts(p);
    PasswordFacts y2 = facts(y);
    PasswordFacts g2 = facts(g);
    assertThat(p2.reuse().state()).isEqualTo("tagged");
    assertThat(p2.reuse().tag()).matches("[0-9a-f]{6}").isEqualTo(y2.reuse().tag());
    assertThat(g2.reuse().tag()).isNotEqualTo(p2.reuse().tag());
    assertThat(g2.listed()).isNull();
    assertThat(g2.password().origin()).isEqualTo("checked");

    // A published default tried as the new password: refused, and named.
    assertThatThrownBy(() -> p.changePassword(NEXT.toCharArray(), "Admin256".toCharArray()))
        .hasMessageContaining("blocklisted");
    assertThat(facts(p).lastRefused().label()).isEqualTo("SecLists vendor default (Exacq)");
    assertThat(facts(p).reuse().tag()).isEqualTo(p2.reuse().tag());
  }
}
