package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.ClipReplaySource;
import io.peerwall.decoder.EncodedClip;
import io.peerwall.decoder.SourceHealth;
import io.peerwall.decoder.SyntheticClipEncoder;
import io.peerwall.decoder.SyntheticClipSpec;
import io.peerwall.decoder.VideoSource;
import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingServer;
import io.peerwall.p2p.signaling.StationSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A station that selects the sub stream gets the sub source's frames, from a keyframe on; two
 * stations with different sets of streams each get theirs (decision 0037).
 */
@Timeout(60)
class SubStreamTest {
  private static final String PASSWORD = "orchid lantern seventy drifts";

  @Test
  void selectingTheSubStreamSwitchesAtAKeyframe() throws Exception {
    EncodedClip mainClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Main").withSize(320, 180));
    EncodedClip subClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Sub").withSize(160, 90));
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("Two"));
    try (CameraAgent agent =
        new CameraAgent(
            SignalingServer.Config.loopback("Two", c),
            new ClipReplaySource("Main", mainClip),
            new ClipReplaySource("Sub", subClip))) {
      agent.start();
      assertThat(agent.hasSubStream()).isTrue();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      List<EncodedFrame> frames = new CopyOnWriteArrayList<>();
      try (StationSession s = client.connect(address, frames::add)) {
        CameraSourcesTest.waitFor(() -> frames.size() >= 10, 10_000);
        assertThat(frames).allSatisfy(f -> assertThat(in(mainClip, f)).isTrue());
        assertThat(s.cameraInfo().streams()).containsExactly("main", "sub");
        s.selectStreams(List.of("sub"));
        int switchedAt = frames.size();
        CameraSourcesTest.waitFor(() -> frames.size() >= switchedAt + 20, 10_000);
        List<EncodedFrame> after = frames.subList(switchedAt, frames.size());
        int firstSub = -1;
        for (int i = 0; i < after.size(); i++) {
          if (in(subClip, after.get(i))) {
            firstSub = i;
            break;
          }
        }
        assertThat(firstSub).as("sub frames arrive").isNotNegative();
        assertThat(after.get(firstSub).keyframe()).isTrue();
        assertThat(after.subList(firstSub, after.size()))
            .allSatisfy(f -> assertThat(in(subClip, f)).isTrue());
        // Every frame says which stream it is by its payload type (decision 0035).
        assertThat(frames)
            .allSatisfy(f -> assertThat(f.payloadType()).isEqualTo(in(subClip, f) ? 97 : 96));
      }
    }
  }

  /** Counts keyframe requests, so a test can tell which source was asked. */
  private static final class CountingSource implements VideoSource {
    final ClipReplaySource inner;
    final AtomicInteger keyframeRequests = new AtomicInteger();

    CountingSource(ClipReplaySource inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void start(Consumer<AccessUnit> sink) {
      inner.start(sink);
    }

    @Override
    public void stop() {
      inner.stop();
    }

    @Override
    public void requestKeyframe() {
      keyframeRequests.incrementAndGet();
      inner.requestKeyframe();
    }

    @Override
    public SourceHealth health() {
      return inner.health();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void twoStationsWithDifferentSetsGetTheirStreamsAndKeyframesByName() throws Exception {
    EncodedClip mainClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Main").withSize(320, 180));
    EncodedClip subClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Sub").withSize(160, 90));
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("Both"));
    CountingSource mainSource = new CountingSource(new ClipReplaySource("Main", mainClip));
    CountingSource subSource = new CountingSource(new ClipReplaySource("Sub", subClip));
    try (CameraAgent agent =
        new CameraAgent(SignalingServer.Config.loopback("Both", c), mainSource, subSource)) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient recorder = new SignalingClient(SignalingClient.Config.loopback());
      SignalingClient viewer = new SignalingClient(SignalingClient.Config.loopback());
      recorder.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      viewer.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      List<EncodedFrame> both = new CopyOnWriteArrayList<>();
      List<EncodedFrame> subOnly = new CopyOnWriteArrayList<>();
      try (StationSession a = recorder.connect(address, both::add);
          StationSession b = viewer.connect(address, subOnly::add)) {
        CameraSourcesTest.waitFor(() -> both.size() >= 5 && subOnly.size() >= 5, 10_000);
        a.selectStreams(List.of("main", "sub"));
        b.selectStreams(List.of("sub"));
        int aFrom = both.size();
        int bFrom = subOnly.size();
        CameraSourcesTest.waitFor(
            () ->
                count(both.subList(aFrom, both.size()), 97) >= 20
                    && count(both.subList(aFrom, both.size()), 96) >= 10
                    && count(subOnly.subList(bFrom, subOnly.size()), 97) >= 20,
            20_000);
        List<EncodedFrame> aAfter = List.copyOf(both.subList(aFrom, both.size()));
        // The kept main stream goes on frame after frame: no restart at a keyframe, nothing lost.
        List<EncodedFrame> aMain = aAfter.stream().filter(f -> f.payloadType() == 96).toList();
        assertThat(aMain).hasSizeGreaterThanOrEqualTo(10);
        assertThat(aMain).allSatisfy(f -> assertThat(in(mainClip, f)).isTrue());
        assertThat(contiguous(mainClip, aMain))
            .as("main frames follow the clip without a gap")
            .isTrue();
        List<EncodedFrame> aSub = aAfter.stream().filter(f -> f.payloadType() == 97).toList();
        assertThat(aSub.get(0).keyframe()).isTrue();
        assertThat(aSub).allSatisfy(f -> assertThat(in(subClip, f)).isTrue());

        List<EncodedFrame> bAfter = subOnly.subList(bFrom, subOnly.size());
        int firstSub = 0;
        while (bAfter.get(firstSub).payloadType() != 97) {
          firstSub++;
        }
        assertThat(bAfter.get(firstSub).keyframe()).isTrue();
        assertThat(bAfter.subList(firstSub, bAfter.size()))
            .allSatisfy(f -> assertThat(in(subClip, f)).isTrue())
            .allSatisfy(f -> assertThat(f.payloadType()).isEqualTo(97));
        assertThat(agent.sessions())
            .extracting(CameraSession::selectedStreams)
            .containsExactlyInAnyOrder(Set.of("main", "sub"), Set.of("sub"));

        // A keyframe asked for on the sub stream by name reaches the sub source only.
        int mainAsked = mainSource.keyframeRequests.get();
        int subAsked = subSource.keyframeRequests.get();
        a.requestKeyframe("sub");
        CameraSourcesTest.waitFor(() -> subSource.keyframeRequests.get() > subAsked, 10_000);
        assertThat(mainSource.keyframeRequests.get()).isEqualTo(mainAsked);
        // A keyframe without a name (as a PLI) asks every stream of that session.
        a.requestKeyframe();
        CameraSourcesTest.waitFor(
            () ->
                mainSource.keyframeRequests.get() > mainAsked
                    && subSource.keyframeRequests.get() > subAsked + 1,
            10_000);
      }
    }
  }

  private static long count(List<EncodedFrame> frames, int payloadType) {
    return frames.stream().filter(f -> f.payloadType() == payloadType).count();
  }

  /** Whether the frames are consecutive units of the looping clip. */
  private static boolean contiguous(EncodedClip clip, List<EncodedFrame> frames) {
    int n = clip.units().size();
    int previous = -1;
    for (EncodedFrame f : frames) {
      int at = indexIn(clip, f);
      if (previous >= 0 && at != (previous + 1) % n) {
        return false;
      }
      previous = at;
    }
    return true;
  }

  private static int indexIn(EncodedClip clip, EncodedFrame f) {
    for (int i = 0; i < clip.units().size(); i++) {
      if (Arrays.equals(clip.units().get(i).data(), f.annexB())) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aCameraWithoutASubStreamSaysSoAndRefusesToSelectIt() throws Exception {
    EncodedClip mainClip =
        SyntheticClipEncoder.encode(SyntheticClipSpec.defaults("Only").withSize(160, 90));
    CameraCredentials c = CameraCredentials.ephemeral();
    c.setPassword(PASSWORD.toCharArray(), List.of("One"));
    try (CameraAgent agent =
        new CameraAgent(
            SignalingServer.Config.loopback("One", c), new ClipReplaySource("Only", mainClip))) {
      agent.start();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), agent.port());
      SignalingClient client = new SignalingClient(SignalingClient.Config.loopback());
      client.pair(address, agent.cameraId(), PASSWORD.toCharArray());
      List<EncodedFrame> frames = new CopyOnWriteArrayList<>();
      try (StationSession s = client.connect(address, frames::add)) {
        assertThat(s.cameraInfo().streams()).containsExactly("main");
        assertThatThrownBy(() -> s.selectStreams(List.of("main", "sub")))
            .isInstanceOf(SignalingException.class)
            .hasMessageContaining("no sub stream");
        CameraSourcesTest.waitFor(() -> frames.size() >= 5, 10_000);
        assertThat(frames).allSatisfy(f -> assertThat(f.payloadType()).isEqualTo(96));
      }
    }
  }

  private static boolean in(EncodedClip clip, EncodedFrame f) {
    return clip.units().stream().anyMatch(u -> Arrays.equals(u.data(), f.annexB()));
  }
}
