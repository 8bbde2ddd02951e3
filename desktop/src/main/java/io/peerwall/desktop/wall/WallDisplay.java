package io.peerwall.desktop.wall;

import io.peerwall.station.run.StationDisplay;

/**
 * The wall as the station's display (registered in {@code META-INF/services}): {@code peerwall
 * station} and {@code peerwall demo} open it when desktop/ is on the class path and a display is
 * there.
 */
public final class WallDisplay implements StationDisplay {
  @Override
  public Window open(Request request) {
    WallServices services =
        request.dirs() == null
            ? WallServices.none()
            : WallServices.in(request.dirs(), request.pairing())
                .withDisk(request.disk())
                .withAudit(request.audit())
                .withEvidence(request.evidence());
    WallWindow window =
        WallWindow.open(
            request.title(), request.feeds(), request.clock(), request.onClosed(), services);
    return window::close;
  }
}
