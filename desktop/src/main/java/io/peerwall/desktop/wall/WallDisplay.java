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

  /** {@code peerwall review}: the review window alone. */
  @Override
  public Window openReview(ReviewRequest request) {
    java.util.Locale locale =
        io.peerwall.desktop.ui.Texts.choose(request.language(), java.util.Locale.getDefault());
    java.util.List<io.peerwall.station.review.ReviewSession.Camera> cameras =
        new java.util.ArrayList<>();
    for (int i = 0; i < request.cameraIds().size(); i++) {
      cameras.add(
          new io.peerwall.station.review.ReviewSession.Camera(
              request.cameraIds().get(i), request.cameraNames().get(i)));
    }
    io.peerwall.desktop.review.ReviewWindow window =
        io.peerwall.desktop.review.ReviewWindow.openStandalone(
            new io.peerwall.desktop.review.ReviewWindow.Spec(
                request.dataDir(),
                cameras,
                request.atMicros(),
                java.util.Map.of(),
                io.peerwall.desktop.ui.Texts.of(locale),
                request.clock(),
                java.time.ZoneId.systemDefault(),
                // Signed with the station's key, as every other export (evidence.md §6).
                request.exports()::signer,
                java.nio.file.Path.of(System.getProperty("user.home"), "PeerWall exports"),
                false),
            request.onClosed());
    return () -> {
      window.close();
      javafx.application.Platform.exit();
    };
  }
}
