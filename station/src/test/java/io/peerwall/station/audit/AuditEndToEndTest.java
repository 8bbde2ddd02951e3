package io.peerwall.station.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.camera.CameraAgent;
import io.peerwall.cli.ErrorPolicy;
import io.peerwall.cli.ExitCode;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.p2p.FailureReason;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit end to end with real camera agents on loopback (real SRP pairing, sessions, control
 * channel, the cameras' own facts, throttles and verifier scan): a camera carrying a factory
 * password written as an older agent would have, one locked out by wrong guesses, two given the
 * same password, one strong. The audit gives each its verdict; Fix changes a password for real
 * (pairing works with the new one and fails with the old), a mistyped current password shows up in
 * the counts (and not as another station's guess), an offline camera's change is queued and done
 * when it is back, and a camera that unpaired the station says so. The station's side runs as in
 * the product: {@link AuditService} over {@code station.db}, and {@code peerwall audit} on the same
 * data directory.
 */
@Timeout(240)
class AuditEndToEndTest {
  /** Cheap Argon2id: the test is about the audit, not stretching. */
  private static final Argon2Params ARGON = new Argon2Params(8 * 1024, 1, 1);

  /** The product's lockout (10 failures, 15 min) without the seconds of spacing between them. */
  private static final PairingThrottle.Policy QUICK =
      new PairingThrottle.Policy(
          Duration.ofMillis(1),
          Duration.ofMillis(2),
          Duration.ofMillis(1),
          10,
          Duration.ofMinutes(15));

  private static final String SHARED = "orchid lantern seventy drifts";
  private static final String STRONG = "velvet harbor quietly sketches 47 comets";
  private static final AuditTexts EN = AuditTexts.of(Locale.ENGLISH, ZoneOffset.UTC);

  @TempDir Path data;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final Map<String, CameraAgent> agents = new ConcurrentHashMap<>();
  private EncodedClip clip;
  private StationCredentials station;
  private SignalingClient client;
  private AuditService audit;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private CameraAgent camera(String name, String password, PolicyOverride how) throws Exception {
    CameraPairingStore store = CameraPairingStore.inMemory();
    CameraCredentials c =
        new CameraCredentials(
            Identity.generate(),
            store,
            new PairingThrottle(QUICK, store, System::currentTimeMillis),
            ARGON);
    c.setPassword(password.toCharArray(), List.of(name), how);
    CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback(name, c), new ClipReplaySource(name, clip));
    toClose.add(agent);
    agent.start();
    agents.put(name, agent);
    return agent;
  }

  private static InetSocketAddress at(CameraAgent a) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.port());
  }

  private StationSession connect(CameraAgent a) throws Exception {
    StationSession s = client.connect(at(a), f -> {});
    toClose.add(s);
    audit.attach(a.cameraId(), s).join();
    return s;
  }

  private AuditRow row(CameraAgent a) throws Exception {
    return audit.report(EN).row(a.cameraId());
  }

  @Test
  void verdictsFixesAndEveryFailedAttemptCount() throws Exception {
    clip = SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Audit").withSize(160, 90));
    CameraAgent garage = camera("Garage", "xmhdipc", PolicyOverride.WRITE_AS_OLDER_AGENT);
    CameraAgent gate = camera("Gate", "gate temporary sixty walrus", PolicyOverride.NONE);
    CameraAgent porch = camera("Porch", "porch temporary seventy otters", PolicyOverride.NONE);
    CameraAgent yard = camera("Yard", "yard temporary ninety herons", PolicyOverride.NONE);
    CameraAgent attic = camera("Attic", STRONG, PolicyOverride.NONE);

    Path stationDir = data.resolve("config/station");
    station = StationCredentials.open(stationDir, "Audit desk");
    client = new SignalingClient(SignalingClient.Config.loopback().withCredentials(station));
    client.pair(at(garage), garage.cameraId(), "xmhdipc".toCharArray());
    client.pair(at(gate), gate.cameraId(), "gate temporary sixty walrus".toCharArray());
    client.pair(at(porch), porch.cameraId(), "porch temporary seventy otters".toCharArray());
    client.pair(at(yard), yard.cameraId(), "yard temporary ninety herons".toCharArray());
    client.pair(at(attic), attic.cameraId(), STRONG.toCharArray());
    for (CameraAgent a : agents.values()) {
      station.trust().updateAddress(a.cameraId(), "127.0.0.1:" + a.port());
    }

    // Someone guesses Gate's password until it locks (pairing from another station).
    SignalingClient guesser =
        new SignalingClient(
            SignalingClient.Config.loopback()
                .withCredentials(StationCredentials.ephemeral("Guesser")));
    for (int i = 0; i < 10; i++) {
      int attempt = i;
      assertThatThrownBy(
              () -> guesser.pair(at(gate), gate.cameraId(), ("guess " + attempt).toCharArray()))
          .isInstanceOf(SignalingException.class);
      Thread.sleep(5);
    }

    audit = new AuditService(StationDatabase.open(data), station, Clock.systemUTC());
    toClose.add(audit);
    List<String> fixes = new ArrayList<>();
    audit.onFixFinished(r -> fixes.add(r.outcome().name()));
    StationSession garageS = connect(garage);
    connect(gate);
    StationSession porchS = connect(porch);
    StationSession yardS = connect(yard);
    StationSession atticS = connect(attic);

    // The first camera made the site key; the station carried it to the others.
    String site = audit.history().siteKeyId().orElseThrow();
    for (CameraAgent a : agents.values()) {
      assertThat(a.credentials().passwordFacts().siteKeyId()).as(a.name()).isEqualTo(site);
    }
    // The owners of Porch and Yard set the same password on the cameras themselves: tagged.
    porch.credentials().setPassword(SHARED.toCharArray(), List.of("Porch"));
    yard.credentials().setPassword(SHARED.toCharArray(), List.of("Yard"));
    // Garage's agent tries the factory lists against its old verifier in the background.
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && row(garage).blocklist() == null) {
      audit.refreshAll().join();
      Thread.sleep(200);
    }
    audit.refreshAll().join();

    AuditReport report = audit.report(EN);
    AuditRow g = report.row(garage.cameraId());
    assertThat(g.verdict()).isEqualTo(Verdict.CRITICAL);
    assertThat(g.blocklist()).isEqualTo("Mirai botnet default");
    assertThat(EN.reasons(g)).contains("published default (Mirai botnet default)");
    assertThat(g.score()).isNull();

    AuditRow locked = report.row(gate.cameraId());
    assertThat(locked.verdict()).isEqualTo(Verdict.HIGH);
    assertThat(locked.reasons()).extracting(Finding::rule).contains(AuditRule.LOCKED_OUT);
    assertThat(locked.lockedUntilMillis()).isGreaterThan(System.currentTimeMillis());
    assertThat(locked.failed24h().value()).isEqualTo(10);
    assertThat(locked.lockouts()).isEqualTo(1);

    AuditRow p = report.row(porch.cameraId());
    AuditRow y = report.row(yard.cameraId());
    assertThat(p.verdict()).isEqualTo(Verdict.HIGH);
    assertThat(y.verdict()).isEqualTo(Verdict.HIGH);
    assertThat(p.reuseGroup()).isEqualTo("A").isEqualTo(y.reuseGroup());
    assertThat(EN.reasons(p)).contains("Possibly the same password as Yard");

    AuditRow strong = report.row(attic.cameraId());
    assertThat(strong.verdict()).isEqualTo(Verdict.OK);
    assertThat(strong.score()).isGreaterThanOrEqualTo(3);
    assertThat(strong.length()).isEqualTo(STRONG.length());
    assertThat(report.needingFix())
        .extracting(AuditRow::name)
        .containsExactly("Garage", "Gate", "Porch", "Yard");
    assertThat(EN.scoreFormula(report))
        .startsWith("Score 35/100 = (1×100 + 0×60 + 3×25 + 1×0) ÷ 5");

    // Fix Garage: a strong new password, checked here, then by the camera, sent for real.
    String next = audit.suggestPassphrase(garage.cameraId());
    FixResult fixed =
        audit.changePassword(garage.cameraId(), "xmhdipc".toCharArray(), next.toCharArray()).get();
    assertThat(fixed.outcome()).isEqualTo(FixResult.Outcome.CHANGED);
    AuditRow g2 = row(garage);
    assertThat(g2.verdict()).isEqualTo(Verdict.OK);
    assertThat(g2.blocklist()).isNull();
    assertThat(g2.length()).isEqualTo(next.length());
    SignalingClient newcomer =
        new SignalingClient(
            SignalingClient.Config.loopback().withCredentials(StationCredentials.ephemeral("New")));
    assertThatThrownBy(() -> newcomer.pair(at(garage), garage.cameraId(), "xmhdipc".toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.WRONG_PASSWORD));
    Thread.sleep(10);
    newcomer.pair(at(garage), garage.cameraId(), next.toCharArray());

    // A weak new password is refused on the station, before anything is sent.
    FixResult weak =
        audit.changePassword(attic.cameraId(), STRONG.toCharArray(), "admin".toCharArray()).get();
    assertThat(weak.outcome()).isEqualTo(FixResult.Outcome.WEAK_ON_STATION);
    assertThat(EN.outcome(weak)).contains("published default");
    // The camera refuses one itself, its reason shown (the station's check skipped on purpose).
    assertThatThrownBy(() -> atticS.changePassword(STRONG.toCharArray(), "1234".toCharArray()))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e ->
                assertThat(EN.outcome(PasswordFixes.refusal(e, attic.cameraId(), "Attic")))
                    .startsWith("Camera Attic refused the new password: ")
                    .contains("published default"));

    // A mistyped current password: refused by the camera, counted, shown; not a stolen key.
    FixResult typo =
        audit
            .changePassword(attic.cameraId(), "velvet harbour".toCharArray(), next.toCharArray())
            .get();
    assertThat(typo.outcome()).isEqualTo(FixResult.Outcome.WRONG_PASSWORD);
    AuditRow a2 = row(attic);
    assertThat(a2.failed24h().value()).isEqualTo(1);
    assertThat(a2.verdict()).isEqualTo(Verdict.MEDIUM);
    // The typo counts as a wrong password; the published default tried above as one tried.
    assertThat(a2.reasons())
        .extracting(Finding::rule)
        .containsExactly(AuditRule.FAILED_ATTEMPTS, AuditRule.DEFAULTS_TRIED)
        .doesNotContain(AuditRule.STATION_GUESSED);
    assertThat(attic.credentials().store().audit().failedPasswordChanges()).isEqualTo(1);

    // A fix during a lockout: the camera's throttle answers, in words with the wait.
    FixResult lockedFix =
        audit
            .changePassword(
                gate.cameraId(),
                "gate temporary sixty walrus".toCharArray(),
                "gate lantern quietly ninety comets".toCharArray())
            .get();
    assertThat(lockedFix.outcome()).isEqualTo(FixResult.Outcome.LOCKED_OUT);
    assertThat(EN.outcome(lockedFix)).contains("locked password checks").contains("min");

    // Porch offline: its change is queued (passwords in memory only) and done when it is back.
    porchS.close();
    waitUntil(() -> row(porch).access() == Access.OFFLINE);
    assertThat(row(porch).lastSeenMillis()).isPositive();
    FixResult queued =
        audit
            .changePassword(
                porch.cameraId(),
                SHARED.toCharArray(),
                "porch maple quietly eleven ravens".toCharArray())
            .get();
    assertThat(queued.outcome()).isEqualTo(FixResult.Outcome.QUEUED);
    assertThat(row(porch).fix()).isEqualTo(FixState.QUEUED);
    assertThat(audit.history().queuedFixes()).containsOnlyKeys(porch.cameraId());
    for (String file : List.of("station.db", "station.db-wal")) {
      Path f = data.resolve(file);
      if (Files.exists(f)) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .doesNotContain("porch maple");
      }
    }
    connect(porch);
    waitUntil(() -> fixes.contains("CHANGED") && row(porch).fix() == FixState.NONE);
    AuditRow p2 = row(porch);
    assertThat(p2.reuseGroup()).isEmpty();
    assertThat(p2.verdict()).isEqualTo(Verdict.OK);
    assertThat(row(yard).verdict()).isEqualTo(Verdict.OK); // no longer shares its password
    assertThat(audit.history().queuedFixes()).isEmpty();

    // Yard unpairs this station on the camera: the audit says so, a fix is not attempted.
    yard.credentials().store().unpair(station.stationId());
    yardS.close();
    assertThatThrownBy(() -> client.connect(at(yard), f -> {}))
        .isInstanceOfSatisfying(
            SignalingException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_PAIRED));
    audit.markNotPaired(yard.cameraId());
    assertThat(row(yard).access()).isEqualTo(Access.NOT_PAIRED);
    assertThat(EN.access(row(yard))).startsWith("this station is no longer paired with it");
    FixResult refused =
        audit.changePassword(yard.cameraId(), SHARED.toCharArray(), next.toCharArray()).get();
    assertThat(refused.outcome()).isEqualTo(FixResult.Outcome.NOT_PAIRED);
    garageS.close();
    atticS.close();
    audit.close();
    toClose.remove(audit);

    // The CLI on the same data directory: stored facts, then a fresh reading over new sessions.
    Run stored = run(new AuditCommand(), "--stored", "--json", "--data-dir", data.toString());
    assertThat(stored.exit()).isZero();
    assertThat(stored.out()).contains("\"verdict\" : \"HIGH\"").contains("\"name\" : \"Gate\"");
    assertThat(stored.out()).doesNotContain(SHARED).doesNotContain(next).doesNotContain(site);
    Path reportDir = data.resolve("report");
    Run live =
        run(new AuditCommand(), "--report", reportDir.toString(), "--data-dir", data.toString());
    assertThat(live.exit()).isZero();
    assertThat(live.out()).contains("Gate").contains("High");
    String html = Files.readString(reportDir.resolve(AuditDocument.HTML_FILE));
    assertThat(html).contains("ETSI EN 303 645 5.1-1").contains("Gate").doesNotContain(next);
    assertThat(Files.readString(reportDir.resolve(AuditDocument.CSV_FILE)))
        .contains("LOCKED_OUT")
        .contains("NIST SP 800-63B 5.2.2");

    // audit fix from the CLI, with the current password mistyped: exit 10, and counted.
    Path wrongFile = Files.writeString(data.resolve("wrong.txt"), "not it at all\n");
    Path newFile = Files.writeString(data.resolve("new.txt"), "attic copper quietly nine owls\n");
    Run cliTypo =
        run(
            new AuditFixCommand(),
            attic.cameraId(),
            "--password-file",
            wrongFile.toString(),
            "--new-password-file",
            newFile.toString(),
            "--data-dir",
            data.toString());
    assertThat(cliTypo.exit()).isEqualTo(ExitCode.WRONG_PASSWORD);
    assertThat(cliTypo.out()).contains("The current password for Attic is wrong").contains("2/");
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Object command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
    if (command instanceof AuditCommand a) {
      a.out = ps;
    } else if (command instanceof AuditFixCommand f) {
      f.out = ps;
    }
    ErrorPolicy errors = new ErrorPolicy();
    int exit =
        new CommandLine(command)
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Check check) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached in 20 s");
      }
      Thread.sleep(50);
    }
  }
}
