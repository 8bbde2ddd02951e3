package io.peerwall.station.run;

import io.peerwall.cli.AppDirs;
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.evidence.StationEvidence;
import io.peerwall.station.feed.Feed;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.recordings.DiskUse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A window that shows the station's feeds: the wall, which lives in {@code desktop/}. The station
 * knows only this interface and finds the implementation with {@link ServiceLoader}, so the same
 * station runs headless where the desktop module (and JavaFX) is not on the class path.
 */
public interface StationDisplay {

  /**
   * What to show and what the window may offer.
   *
   * @param onClosed runs when the user closes the window; must not block
   * @param dirs the station's directories (the window remembers its layout there and edits the
   *     network settings), or null to remember nothing
   * @param pairing adds cameras by ID and password ("Add camera"), or null
   * @param disk the recorder's disk use for the status bar (cheap, no I/O), or null when the
   *     station does not record
   * @param audit the password audit (the wall's Audit screen), or null
   * @param evidence signed exports, evidence locks, the export log and the verifier, or null
   */
  record Request(
      String title,
      List<? extends Feed> feeds,
      Clock clock,
      Runnable onClosed,
      AppDirs dirs,
      PairingService pairing,
      Supplier<DiskUse> disk,
      AuditService audit,
      StationEvidence evidence) {

    /** Without the audit and evidence services. */
    public Request(
        String title,
        List<? extends Feed> feeds,
        Clock clock,
        Runnable onClosed,
        AppDirs dirs,
        PairingService pairing,
        Supplier<DiskUse> disk) {
      this(title, feeds, clock, onClosed, dirs, pairing, disk, null, null);
    }
  }

  /**
   * The review window on its own ({@code peerwall review}): recordings of a data directory.
   *
   * @param cameraIds the cameras to open on (at most 16), by ID
   * @param cameraNames their names, in the same order
   * @param atMicros where to start (epoch microseconds)
   * @param onClosed runs when the user closes the window; must not block
   * @param language "en", "ja", or null for the system's
   * @param exports the station's exports, whose signer signs the review's exports as every other
   *     export (evidence.md §6)
   */
  record ReviewRequest(
      String title,
      Path dataDir,
      List<String> cameraIds,
      List<String> cameraNames,
      long atMicros,
      Clock clock,
      Runnable onClosed,
      String language,
      io.peerwall.station.evidence.Exports exports) {}

  /** An open display. */
  interface Window extends AutoCloseable {
    /** Closes the window and waits (bounded) for its threads. */
    @Override
    void close();
  }

  /**
   * Opens the window and returns once it shows.
   *
   * @throws io.peerwall.cli.UserFacingException when no window can be opened (no display)
   */
  Window open(Request request);

  /**
   * Opens the review window and returns once it shows.
   *
   * @throws io.peerwall.cli.UserFacingException when no window can be opened, or this display has
   *     no review
   */
  default Window openReview(ReviewRequest request) {
    throw new io.peerwall.cli.UserFacingException(
        io.peerwall.cli.ExitCode.FAILURE, "this installation's display has no review window");
  }

  /** The display on the class path, or empty when there is none (a headless installation). */
  static Optional<StationDisplay> find() {
    try {
      return ServiceLoader.load(StationDisplay.class).findFirst();
    } catch (ServiceConfigurationError | LinkageError e) {
      // Listed but its class cannot be loaded: the station runs headless rather than not at all.
      Logger log = LoggerFactory.getLogger(StationDisplay.class);
      log.warn("the wall cannot be loaded, running headless: {}", e.toString());
      return Optional.empty();
    }
  }
}
