package io.peerwall.station.custody;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.recorder.evidence.CameraSignatures;
import io.peerwall.recorder.evidence.Evidence;
import io.peerwall.recorder.evidence.ExportDescription;
import io.peerwall.recorder.evidence.Failure;
import io.peerwall.recorder.evidence.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The words of a verdict: what {@code verify} prints and the wall's dialog shows. */
class VerdictTextTest {
  static final Instant T = Instant.parse("2025-11-23T12:13:20Z");
  final VerdictText text = new VerdictText(ZoneId.of("Asia/Tokyo"));

  static Evidence evidence(CameraSignatures cameras) {
    return new Evidence(
        "Gate house",
        "GATE-1",
        "AAAA BBBB",
        "CN=Gate house",
        T,
        "guard",
        List.of(new ExportDescription.Track(1, "Yard", "cam-yard", T)),
        cameras,
        1,
        List.of());
  }

  @Test
  void saysWhichGopsLackTheCameraSignatureAndLaterSignatures() {
    CameraSignatures partly =
        new CameraSignatures(
            true,
            List.of(
                new CameraSignatures.Gop(0, 0, 15, 1),
                new CameraSignatures.Gop(1, 1, 15, 1),
                new CameraSignatures.Gop(2, 2, 7, 0)));
    List<String> lines = text.details(new Verdict.Authentic(evidence(partly)), null);
    assertThat(lines)
        .contains("camera signatures  present in 2 of 3 GOPs")
        .anyMatch(l -> l.strip().startsWith("GOPs without one: 3 (at 2.0 s)"))
        .contains("later signatures   1 added after the station's (not checked)")
        .contains("exported           2025-11-23 21:13:20.000 +09:00 by guard");
  }

  @Test
  void notAuthenticNamesTheFailureOnceAndMarksClaimsAsUntrusted() {
    Verdict v =
        new Verdict.NotAuthentic(
            List.of(
                new Failure(
                    Failure.Reason.TRUNCATED, "the file is cut short: it ends inside mdat")),
            Optional.of(evidence(new CameraSignatures(true, List.of()))));
    assertThat(text.headline(Path.of("/x/clip.mp4"), v))
        .isEqualTo("NOT AUTHENTIC: clip.mp4 is not what was signed: the file is cut short.");
    assertThat(text.details(v, null))
        .startsWith(
            "- the file is cut short: it ends inside mdat", "The file claims (not to be trusted):");
    assertThat(text.json(Path.of("clip.mp4"), v, null))
        .contains("\"verdict\":\"NOT AUTHENTIC\"", "\"reason\":\"TRUNCATED\"", "\"claimed\":");
  }
}
