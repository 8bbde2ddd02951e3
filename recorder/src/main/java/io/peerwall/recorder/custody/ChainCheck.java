package io.peerwall.recorder.custody;

import java.util.Optional;

/**
 * Whether the export log's hash chain holds: each row's hash covers the previous row's hash and its
 * own fields, so a row changed or removed outside PeerWall (with the triggers dropped) breaks the
 * chain at that row.
 *
 * @param rows rows checked
 * @param firstBrokenId the first row whose hash does not match, if any
 * @param problem what is wrong there, or empty
 */
public record ChainCheck(long rows, Optional<Long> firstBrokenId, String problem) {
  public boolean intact() {
    return firstBrokenId.isEmpty();
  }
}
