package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.testutil.LineMitm;
import io.peerwall.p2p.testutil.SyntheticFrames;
import io.peerwall.p2p.testutil.TestPeers;
import io.peerwall.p2p.testutil.ThreadLeaks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Impostors, men in the middle, replays and forged media against real peers. */
@Timeout(60)
class AttackTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final BlockingQueue<CameraSession> started = new LinkedBlockingQueue<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    ThreadLeaks.assertNone();
  }

  private SignalingServer server(CameraCredentials c) throws Exception {
    SignalingServer s =
        new SignalingServer(SignalingServer.Config.loopback("Cam", c), started::add);
    s.start();
    toClose.add(s);
    return s;
  }

  private static InetSocketAddress at(SignalingServer s) {
    return new InetSocketAddress(LOOPBACK, s.port());
  }

  private static SignalingClient station() {
    return new SignalingClient(
        SignalingClient.Config.loopback().withCredentials(StationCredentials.ephemeral("victim")));
  }

  private static FailureReason reasonOf(Throwable t) {
    return ((SignalingException) t).reason();
  }

  @Test
  void impostorCameraClaimingThePairedIdIsRejected() throws Exception {
    CameraCredentials real = TestPeers.camera();
    SignalingServer realServer = server(real);
    SignalingClient st = station();
    st.pair(at(realServer), real.cameraId(), TestPeers.PASSWORD.toCharArray());
    String realHello =
        SignalingCodec.encode(
            new SignalingMessage.Hello(
                2, "Cam", real.cameraId(), real.identity().publicIdentity().base64()));

    // An impostor with its own key, which even knows (and pinned) the station's public key.
    CameraCredentials fake = TestPeers.camera();
    fake.store().pin(st.config().credentials().identity().publicIdentity(), "victim", 0);
    SignalingServer fakeServer = server(fake);

    // 1. It claims the real ID with its own key: the key does not hash to the ID.
    try (LineMitm claimId =
        new LineMitm(at(fakeServer), l -> l, l -> l.replace(fake.cameraId(), real.cameraId()))) {
      assertThatThrownBy(() -> st.connect(claimId.address(), real.cameraId(), f -> {}))
          .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(FailureReason.UNKNOWN_ID));
    }
    // 2. It replays the real camera's hello (ID and key): it cannot sign the answer.
    try (LineMitm replayHello =
        new LineMitm(
            at(fakeServer),
            l -> l,
            l ->
                l.contains("\"type\":\"hello\"")
                    ? realHello
                    : l.replace(fake.cameraId(), real.cameraId()))) {
      assertThatThrownBy(() -> st.connect(replayHello.address(), real.cameraId(), f -> {}))
          .satisfies(
              e -> assertThat(reasonOf(e)).isIn(FailureReason.REPLAYED, FailureReason.NOT_PAIRED));
    }
    assertThat(started).isEmpty();
  }

  @Test
  void manInTheMiddleSwappingKeysCannotPairAndTamperedAnswersAreDetected() throws Exception {
    CameraCredentials cam = TestPeers.camera();
    SignalingServer server = server(cam);
    String attackerKey = Identity.generate().publicIdentity().base64();
    SignalingClient victim = station();
    String victimKey = victim.config().credentials().identity().publicIdentity().base64();
    try (LineMitm swap = new LineMitm(at(server), l -> l.replace(victimKey, attackerKey), l -> l)) {
      assertThatThrownBy(
              () -> victim.pair(swap.address(), cam.cameraId(), TestPeers.PASSWORD.toCharArray()))
          .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(FailureReason.WRONG_PASSWORD));
      // The relay saw the whole exchange: no password, and only values it cannot test offline.
      String all = String.join("\n", swap.seenFromStation) + String.join("\n", swap.seenFromCamera);
      assertThat(all).doesNotContain(TestPeers.PASSWORD);
    }
    assertThat(cam.store().stations()).isEmpty();
    assertThat(victim.config().credentials().trust().cameras()).isEmpty();

    Thread.sleep(1100); // the camera spaces attempts after that failure
    victim.pair(at(server), cam.cameraId(), TestPeers.PASSWORD.toCharArray());
    // A relay that rewrites the camera's ICE candidates (to steer media to itself).
    try (LineMitm steer =
        new LineMitm(
            at(server), l -> l, l -> l.contains("\"type\":\"answer\"") ? shiftPort(l) : l)) {
      assertThatThrownBy(() -> victim.connect(steer.address(), f -> {}))
          .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(FailureReason.REPLAYED));
    }
  }

  /** Moves the first candidate's port by one (to a port the relay would own). */
  private static String shiftPort(String line) {
    return java.util.regex.Pattern.compile("\"port\":(\\d+)")
        .matcher(line)
        .replaceFirst(m -> "\"port\":" + (Integer.parseInt(m.group(1)) % 65535 + 1));
  }

  @Test
  void replayedOfferIsRefused() throws Exception {
    CameraCredentials cam = TestPeers.camera();
    SignalingServer server = server(cam);
    SignalingClient st = TestPeers.pairedClient(server);
    String offer;
    try (LineMitm record = new LineMitm(at(server), l -> l, l -> l)) {
      StationSession s = st.connect(record.address(), f -> {});
      offer =
          record.seenFromStation.stream()
              .filter(l -> l.contains("\"type\":\"offer\""))
              .findFirst()
              .orElseThrow();
      s.close();
    }
    started.poll(5, TimeUnit.SECONDS);
    try (Socket raw = new Socket(LOOPBACK, server.port())) {
      raw.setSoTimeout(5000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(raw.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).contains("\"type\":\"hello\"");
      raw.getOutputStream().write((offer + "\n").getBytes(StandardCharsets.UTF_8));
      String reply = in.readLine();
      assertThat(reply).contains("\"type\":\"refused\"").contains("\"code\":\"replayed\"");
    }
    assertThat(started).isEmpty();
  }

  @Test
  void tamperedAndForgedMediaIsDroppedAndCounted() throws Exception {
    CameraCredentials cam = TestPeers.camera();
    SignalingServer server = server(cam);
    BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
    StationSession st = TestPeers.pairedClient(server).connect(at(server), got::add);
    toClose.add(st);
    CameraSession c = started.poll(5, TimeUnit.SECONDS);
    Random r = new Random(5);
    EncodedFrame key = SyntheticFrames.frame(r, 0, -1);
    c.sender().send(key);
    assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
    // Plain (unencrypted) RTP and garbage on the same 5-tuple, bypassing SRTP on the camera.
    io.peerwall.p2p.transport.DatagramTransport raw = c.iceSession().transport();
    byte[] plain = io.peerwall.p2p.srtp.SrtpContextTest.rtp(1000, 0x1234, 200, r);
    for (int i = 0; i < 20; i++) {
      plain[3] = (byte) i;
      raw.send(plain, 0, plain.length);
      byte[] flipped = plain.clone();
      flipped[40] ^= 0x55;
      raw.send(flipped, 0, flipped.length);
    }
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (st.srtp().authFailures() < 40 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(st.srtp().authFailures()).isGreaterThanOrEqualTo(40);
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(st.isClosed()).isFalse();
    // Genuine media still flows afterwards.
    c.sender().send(SyntheticFrames.frame(r, 0, -1));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void forgedSrtpIsNeverAccepted() throws Exception {
    BlockingQueue<EncodedFrame> got = new LinkedBlockingQueue<>();
    SignalingServer server = server(TestPeers.camera());
    StationSession st = TestPeers.pairedClient(server).connect(at(server), got::add);
    toClose.add(st);
    CameraSession c = started.poll(5, TimeUnit.SECONDS);
    Random r = new Random(11);
    c.sender().send(SyntheticFrames.frame(r, 0, -1));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
    long authFailuresBefore = st.srtp().authFailures();
    long replaysBefore = st.srtp().replays();

    // Whole, well-formed keyframes on the session's own SSRC and payload type, as an attacker on
    // the path would make them: SRTP under keys of its own, or with guessed tags. The camera's
    // sequence numbers start at random: of two runs half the number space apart, one is ahead of
    // them (so it reaches the authentication check), the other may fall behind the replay window.
    io.peerwall.p2p.transport.DatagramTransport raw = c.iceSession().transport();
    byte[] key = new byte[16];
    byte[] salt = new byte[14];
    r.nextBytes(key);
    r.nextBytes(salt);
    io.peerwall.p2p.srtp.SrtpContext wrongKeys = new io.peerwall.p2p.srtp.SrtpContext(key, salt);
    int forged = 0;
    int base = r.nextInt(1 << 16);
    for (int run = 0; run < 2; run++) {
      io.peerwall.p2p.rtp.H264Packetizer forger =
          new io.peerwall.p2p.rtp.H264Packetizer(
              c.sender().ssrc(), 96, 1100, 1, (base + run * 32_768) & 0xFFFF, 4 << 20);
      for (int f = 0; f < 2; f++) {
        for (byte[] p : forger.packetize(SyntheticFrames.frame(r, 30 * f, -1))) {
          byte[] underOtherKeys = wrongKeys.protectRtp(p, 0, p.length);
          raw.send(underOtherKeys, 0, underOtherKeys.length);
          byte[] guessedTag = java.util.Arrays.copyOf(p, p.length + 10);
          for (int i = p.length; i < guessedTag.length; i++) {
            guessedTag[i] = (byte) r.nextInt();
          }
          raw.send(guessedTag, 0, guessedTag.length);
          forged += 2;
        }
      }
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    long rejected = 0;
    while (rejected < forged && System.nanoTime() < deadline) {
      Thread.sleep(20);
      rejected =
          st.srtp().authFailures() - authFailuresBefore + st.srtp().replays() - replaysBefore;
    }
    assertThat(rejected).as("every forged packet rejected and counted").isEqualTo(forged);
    assertThat(st.srtp().authFailures() - authFailuresBefore)
        .as("the run ahead of the camera's numbers failed authentication")
        .isGreaterThanOrEqualTo(forged / 4);
    assertThat(got.poll(300, TimeUnit.MILLISECONDS)).as("no forged frame delivered").isNull();
    assertThat(st.isClosed()).isFalse();
    // Genuine media still flows afterwards.
    c.sender().send(SyntheticFrames.frame(r, 0, -1));
    assertThat(got.poll(5, TimeUnit.SECONDS)).isNotNull();
  }
}
