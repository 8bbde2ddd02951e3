package io.peerwall.camera.cli;

import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.PasswordInput;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.WeakPasswordException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The camera agent's identity and pairing state: {@code <data>/camera/<name>/} (0700; identity.key
 * and pairing.json 0600). A password given with {@code --password-file} is checked (blocklist,
 * zxcvbn with the camera's name) and only its verifier kept.
 */
public final class CameraSetup {
  private CameraSetup() {}

  /**
   * The directory that holds the identity, verifier and settings of the camera called {@code name}.
   */
  public static Path dir(AppDirs dirs, String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return dirs.data().resolve("camera").resolve(slug.isEmpty() ? "camera" : slug);
  }

  public static CameraCredentials open(
      AppDirs dirs, String name, Path passwordFile, PrintStream out) {
    Path dir = dir(dirs, name);
    CameraCredentials c;
    try {
      c = CameraCredentials.open(dir);
    } catch (IOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "cannot read or create the camera identity in " + dir + " (" + e.getMessage() + ")",
          e);
    }
    if (passwordFile != null) {
      char[] pw;
      try {
        pw = PasswordInput.read(passwordFile, "");
      } catch (IOException e) {
        throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
      }
      try {
        c.setPassword(pw, List.of(name));
        out.println("Camera password set (only its verifier is stored).");
      } catch (WeakPasswordException e) {
        throw new UserFacingException(
            ExitCode.WEAK_PASSWORD,
            "the camera refuses this password: " + String.join("; ", e.verdict().reasons()),
            e);
      } finally {
        Arrays.fill(pw, '\0');
      }
    } else if (!c.pairable()) {
      out.println(
          "This camera has no password yet, so no station can pair with it;"
              + " set one with --password-file FILE.");
    }
    return c;
  }
}
