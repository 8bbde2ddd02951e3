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
 * @param lastRowHash the newest row's hash (hex) when the chain holds: write it down to notice
 *     later that rows were removed from the end, which the chain alone cannot show
 */
public record ChainCheck(
    long rows, Optional<Long> firstBrokenId, String problem, String lastRowHash) {
  public boolean intact() {
    return firstBrokenId.isEmpty();
  }
}
