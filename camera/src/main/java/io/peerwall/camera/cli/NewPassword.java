package io.peerwall.camera.cli;

import io.peerwall.cli.ExitCode;
import io.peerwall.cli.PasswordInput;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PassphraseGenerator;
import io.peerwall.p2p.pairing.PasswordPolicy;
import io.peerwall.p2p.pairing.WeakPasswordException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Sets a camera password the way {@code camera init} and {@code camera passwd} do: read it twice on
 * a terminal (or two lines of piped input), or once from {@code --password-file}; check it with the
 * shared {@link PasswordPolicy} (the same engine as the station's audit) with the camera's name and
 * ID as context words; on refusal say why and suggest a generated passphrase. Only the verifier and
 * the date it was set are stored (by p2p's {@link CameraCredentials}).
 */
final class NewPassword {
  private NewPassword() {}

  static PasswordPolicy.Verdict set(
      CameraCredentials credentials,
      String cameraName,
      Path passwordFile,
      InputStream in,
      PrintStream out) {
    char[] pw = read(passwordFile, in, out);
    try {
      PasswordPolicy.Verdict v = credentials.setPassword(pw, List.of(cameraName));
      out.printf(
          "Camera password set (strength: %s, score %d/4); only its verifier is stored.%n",
          v.verdict(), v.score());
      return v;
    } catch (WeakPasswordException e) {
      // Printed, never put in the exception: that message also goes to the log file.
      out.println(
          "A strong password, for example: "
              + PassphraseGenerator.suggest(List.of(cameraName, credentials.cameraId())));
      out.flush();
      throw new UserFacingException(
          ExitCode.WEAK_PASSWORD,
          "the camera refuses this password ("
              + e.verdict().verdict()
              + "): "
              + String.join("; ", e.verdict().reasons().stream().map(NewPassword::trimDot).toList())
              + " (nothing was changed)",
          e);
    } catch (UncheckedIOException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "cannot store the new password verifier ("
              + e.getCause().getMessage()
              + "); the previous password is still in force",
          e);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  private static char[] read(Path passwordFile, InputStream in, PrintStream out) {
    try {
      if (passwordFile != null) {
        return PasswordInput.read(passwordFile, "");
      }
      Console console = System.console();
      char[] first;
      char[] second;
      if (console != null && in == System.in) {
        first =
            console.readPassword(
                "New camera password (at least %d characters): ", PasswordPolicy.MIN_LENGTH);
        second = console.readPassword("Repeat it: ");
      } else {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        out.print("New camera password: ");
        out.flush();
        first = line(r);
        out.print("Repeat it: ");
        out.flush();
        second = line(r);
        out.println();
      }
      if (first == null || first.length == 0) {
        throw new UserFacingException(
            ExitCode.USAGE, "no password given (use a terminal or --password-file FILE)");
      }
      boolean same = Arrays.equals(first, second);
      if (second != null) {
        Arrays.fill(second, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new UserFacingException(
            ExitCode.USAGE, "the two passwords differ; nothing was changed");
      }
      return first;
    } catch (IOException e) {
      throw new UserFacingException(ExitCode.USAGE, e.getMessage(), e);
    }
  }

  private static String trimDot(String reason) {
    String r = reason.strip();
    return r.endsWith(".") ? r.substring(0, r.length() - 1) : r;
  }

  private static char[] line(BufferedReader r) throws IOException {
    String s = r.readLine();
    return s == null ? null : s.toCharArray();
  }
}
