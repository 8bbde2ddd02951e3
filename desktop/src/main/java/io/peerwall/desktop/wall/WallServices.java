package io.peerwall.desktop.wall;

import io.peerwall.cli.AppDirs;
import io.peerwall.desktop.ui.Texts;
import io.peerwall.station.audit.AuditService;
import io.peerwall.station.evidence.StationEvidence;
import io.peerwall.station.pairing.PairingService;
import io.peerwall.station.recordings.DiskUse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the wall window needs from the station besides its feeds: where to keep its state and
 * snapshots, the language, the pairing service for "add camera" (null when there is none), and the
 * station's directories (its network settings live there).
 *
 * @param settingsFile the wall's JSON settings, or null to remember nothing
 * @param snapshotDir where snapshots are written
 * @param language "en", "ja", or null for the saved / system language
 * @param pairing adds cameras by ID and password, or null
 * @param dirs the station's directories, or null (no network settings dialog)
 * @param disk the recorder's disk use for the status bar (cheap, no I/O), or null when the station
 *     does not record
 * @param audit the password audit behind the toolbar's Audit button, or null
 * @param evidence the station's signed exports, locks, export log and verifier (the toolbar's
 *     "Evidence" menu), or null for none
 */
public record WallServices(
    Path settingsFile,
    Path snapshotDir,
    String language,
    PairingService pairing,
    AppDirs dirs,
    Supplier<DiskUse> disk,
    AuditService audit,
    StationEvidence evidence) {

  /** Without the audit and evidence services. */
  public WallServices(
      Path settingsFile,
      Path snapshotDir,
      String language,
      PairingService pairing,
      AppDirs dirs,
      Supplier<DiskUse> disk) {
    this(settingsFile, snapshotDir, language, pairing, dirs, disk, null, null);
  }

  /** No persistence, snapshots to the temp directory, no pairing (tests, old callers). */
  public static WallServices none() {
    return new WallServices(
        null,
        Path.of(System.getProperty("java.io.tmpdir"), "peerwall-snapshots"),
        null,
        null,
        null,
        null);
  }

  /**
   * The station's usual places: {@code wall.json} in the config dir, snapshots in the data dir; the
   * language from {@code -Dpeerwall.lang} if set.
   */
  public static WallServices in(AppDirs dirs, PairingService pairing) {
    return new WallServices(
        dirs.config().resolve("wall.json"),
        dirs.data().resolve("snapshots"),
        System.getProperty("peerwall.lang"),
        pairing,
        dirs,
        null);
  }

  /** The same, with the recorder's disk use shown in the status bar. */
  public WallServices withDisk(Supplier<DiskUse> source) {
    return new WallServices(
        settingsFile, snapshotDir, language, pairing, dirs, source, audit, evidence);
  }

  /** The same, with the toolbar's Audit screen over {@code service} (null: none). */
  public WallServices withAudit(AuditService service) {
    return new WallServices(
        settingsFile, snapshotDir, language, pairing, dirs, disk, service, evidence);
  }

  /** The same, with the "Evidence" menu on these services (null: no menu). */
  public WallServices withEvidence(StationEvidence services) {
    return new WallServices(
        settingsFile, snapshotDir, language, pairing, dirs, disk, audit, services);
  }

  Locale locale(String saved) {
    String preferred = language != null ? language : saved;
    return Texts.choose(preferred, Locale.getDefault());
  }
}
