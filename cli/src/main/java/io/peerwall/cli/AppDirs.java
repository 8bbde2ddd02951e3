package io.peerwall.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where PeerWall keeps its data, configuration and logs. Follows the XDG base directory spec
 * ({@code ~/.local/share/peerwall}, {@code ~/.config/peerwall}); {@code --data-dir DIR} puts all of
 * it under one directory instead, which is what tests and portable installs want.
 */
public record AppDirs(Path data, Path config, Path logs) {

  /** Resolves the directories from an optional override and the environment. */
  public static AppDirs resolve(Path dataDirOverride, Map<String, String> env, Path home) {
    if (dataDirOverride != null) {
      Path root = dataDirOverride.toAbsolutePath().normalize();
      return new AppDirs(root, root.resolve("config"), root.resolve("logs"));
    }
    Path dataHome = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share"));
    Path configHome = xdg(env, "XDG_CONFIG_HOME", home.resolve(".config"));
    Path data = dataHome.resolve("peerwall");
    return new AppDirs(data, configHome.resolve("peerwall"), data.resolve("logs"));
  }

  /** Resolves the directories for this process (environment and {@code user.home}). */
  public static AppDirs forThisUser(Path dataDirOverride) {
    return resolve(dataDirOverride, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  private static Path xdg(Map<String, String> env, String name, Path fallback) {
    String value = env.get(name);
    // The spec says relative values are invalid and must be ignored.
    if (value == null || value.isBlank() || !Path.of(value).isAbsolute()) {
      return fallback;
    }
    return Path.of(value);
  }

  /**
   * Creates the directories if needed and checks that they are writable.
   *
   * @throws UserFacingException naming the directory and the fix when that is not possible
   */
  public AppDirs ensureUsable() {
    for (Path dir : new Path[] {data, config, logs}) {
      try {
        Files.createDirectories(dir);
      } catch (IOException | SecurityException e) {
        throw new UserFacingException(
            ExitCode.DATA_DIR,
            "cannot create directory "
                + dir
                + " ("
                + describe(e)
                + "); choose another with --data-dir DIR",
            e);
      }
      if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
        throw new UserFacingException(
            ExitCode.DATA_DIR,
            "directory " + dir + " is not writable; fix its permissions or use --data-dir DIR");
      }
    }
    return this;
  }

  private static String describe(Exception e) {
    String type =
        e instanceof java.nio.file.FileAlreadyExistsException
            ? "a file with that name exists"
            : e instanceof java.nio.file.AccessDeniedException
                ? "permission denied"
                : e.getClass().getSimpleName();
    return type;
  }
}
