package io.peerwall.station.audit;

import io.peerwall.p2p.control.CameraInfo;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.signaling.CameraAudit;
import java.util.List;

/**
 * One reading of a camera's password facts, as the station stored it: the camera's info (every
 * camera sends it) and its password facts (null from a camera too old to send them), dated.
 *
 * @param cameraId the camera's verified ID
 * @param name the camera's name when read
 * @param readAtMillis when the station read them (epoch ms, the station's clock)
 * @param info the camera's info (its counters are cumulative since the camera started counting)
 * @param facts the password facts, or null (a camera too old to send them)
 */
public record FactsReading(
    String cameraId, String name, long readAtMillis, CameraInfo info, PasswordFacts facts) {

  /** A reading made now of {@code report}. */
  static FactsReading of(String cameraId, long nowMillis, CameraAudit.Report report) {
    CameraInfo i = report.info();
    return new FactsReading(cameraId, i.name(), nowMillis, i, report.facts());
  }

  public boolean tooOldForFacts() {
    return facts == null;
  }

  /** The camera's info rebuilt from stored columns (model, streams and clock are not kept). */
  static CameraInfo info(
      String name,
      long setAt,
      String strength,
      long failed,
      long lockouts,
      long lockedUntil,
      int stations,
      long blocklisted,
      long lastBlocklisted,
      long failedChanges) {
    return new CameraInfo(
        name,
        "",
        List.of(),
        0,
        setAt,
        strength,
        failed,
        lockouts,
        lockedUntil,
        stations,
        blocklisted,
        lastBlocklisted,
        failedChanges);
  }
}
