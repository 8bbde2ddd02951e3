package io.peerwall.p2p.control;

import java.util.List;

/**
 * What a camera says about itself over the control channel, including the password facts the
 * station's audit table shows.
 *
 * @param name camera name
 * @param model model string
 * @param streams stream names the camera offers ("main", "sub")
 * @param timeMillis the camera's clock (epoch ms), to spot a wrong clock
 * @param passwordSetAtMillis when the current password was set (0 = never)
 * @param passwordStrength the verdict word when it was set (strong, fair, weak, ...)
 * @param failedAttempts wrong passwords ever counted, through pairing and through the control
 *     channel's password change (the throttle and lockout count both alike)
 * @param lockouts lockouts ever counted (pairing and password change lock together)
 * @param lockedUntilMillis password checks locked until (0 or past = not locked)
 * @param pairedStations how many stations are paired
 * @param blocklistedAttempts times the owner tried to set a factory/blocklisted password (refused)
 * @param lastBlocklistedAtMillis when that last happened (0 = never)
 * @param failedPasswordChanges of {@code failedAttempts}, those made through the password change: a
 *     paired station (or whoever holds its key) gave a wrong current password
 */
public record CameraInfo(
    String name,
    String model,
    List<String> streams,
    long timeMillis,
    long passwordSetAtMillis,
    String passwordStrength,
    long failedAttempts,
    long lockouts,
    long lockedUntilMillis,
    int pairedStations,
    long blocklistedAttempts,
    long lastBlocklistedAtMillis,
    long failedPasswordChanges) {
  public CameraInfo {
    streams = List.copyOf(streams);
  }
}
