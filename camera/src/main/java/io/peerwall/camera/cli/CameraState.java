package io.peerwall.camera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerwall.camera.AgentConfig;
import io.peerwall.camera.SavedSource;
import io.peerwall.camera.StatusFile;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.CameraCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The camera's data directory as the management commands see it: {@code <data>/camera/<name>/} with
 * {@code identity.key}, {@code pairing.json} (verifier, pinned stations, audit), {@code
 * camera.json} (settings), {@code source.json} (saved source, credentials sealed) and, while an
 * agent serves, {@code status.json}. Every failure becomes a {@link UserFacingException} naming the
 * file.
 */
final class CameraState {
  private CameraState() {}

  static Path dir(AppDirs dirs, String name) {
    return CameraSetup.dir(dirs, name);
  }

  /** Whether {@code camera init} ran (an identity exists). */
  static boolean initialised(Path dir) {
    return Files.exists(dir.resolve(Identity.KEY_FILE));
  }

  static CameraCredentials open(Path dir) {
    try {
      return CameraCredentials.open(dir);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "cannot read or create the camera identity in "
              + dir
              + " ("
              + e.getMessage()
              + "); nothing was changed",
          e);
    }
  }

  /** Opens an existing camera; a clear message when {@code camera init} has not run. */
  static CameraCredentials openExisting(Path dir, String name) {
    if (!initialised(dir)) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "there is no camera '"
              + name
              + "' in "
              + dir.getParent()
              + "; create it with: ./peerwall camera init --name '"
              + name
              + "'");
    }
    return open(dir);
  }

  /** The saved settings, or the defaults when none were saved. */
  static AgentConfig config(Path dir, String name) {
    try {
      AgentConfig c = AgentConfig.load(dir);
      return c == null ? AgentConfig.defaults(name) : c;
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, e.getMessage(), e);
    }
  }

  /** Saves the settings; a failure (full disk, permissions) names the file. */
  static void save(Path dir, AgentConfig config) {
    try {
      config.save(dir);
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.DATA_DIR, e.getMessage(), e);
    }
  }

  /**
   * The saved source, unsealed; {@code null} if none. A damaged or undecryptable file is {@link
   * ExitCode#SAVED_SOURCE} and is left as it is (identity and verifier are never touched).
   */
  static SavedSource.Specs savedSource(Path dir, Identity identity) {
    try {
      return SavedSource.load(dir, identity);
    } catch (SavedSource.UnreadableException e) {
      throw new UserFacingException(ExitCode.SAVED_SOURCE, e.getMessage(), e);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR, "cannot read the saved source (" + e.getMessage() + ")", e);
    }
  }

  /** The running agent's status, or {@code null} when no agent serves this camera now. */
  static JsonNode liveStatus(Path dir) {
    JsonNode s = StatusFile.read(dir);
    if (s == null) {
      return null;
    }
    long age = System.currentTimeMillis() - s.path("updatedAt").asLong();
    boolean alive =
        ProcessHandle.of(s.path("pid").asLong()).map(ProcessHandle::isAlive).orElse(false);
    return age <= StatusFile.STALE_MILLIS && alive ? s : null;
  }

  /** Refuses offline changes while an agent serves (it holds the pairing state in memory). */
  static void requireNotServing(Path dir, String what) {
    JsonNode s = liveStatus(dir);
    if (s != null) {
      throw new UserFacingException(
          ExitCode.USAGE,
          "the camera is serving now (pid "
              + s.path("pid").asLong()
              + "); stop it first to "
              + what
              + ", or do it from a paired station");
    }
  }
}
