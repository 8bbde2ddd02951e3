package io.peerwall.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a password without echo (console prompt) or from the first line of a file. Never from the
 * command line itself (it would land in the shell history and the process list).
 */
public final class PasswordInput {
  private static final int MAX = 1024;

  private PasswordInput() {}

  /**
   * The password from {@code file} if given, else a prompt on the console.
   *
   * @throws IOException if the file cannot be read, there is no console, or the password is empty
   */
  public static char[] read(Path file, String prompt) throws IOException {
    if (file != null) {
      if (Files.size(file) > MAX) {
        throw new IOException("password file " + file + " is larger than " + MAX + " bytes");
      }
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line = r.readLine();
        if (line == null || line.isEmpty()) {
          throw new IOException("password file " + file + " has no password on its first line");
        }
        return line.toCharArray();
      }
    }
    Console console = System.console();
    char[] pw;
    if (console != null) {
      pw = console.readPassword("%s", prompt);
    } else {
      // No terminal (piped): one line from standard input.
      BufferedReader r =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = r.readLine();
      pw = line == null ? null : line.toCharArray();
    }
    if (pw == null || pw.length == 0) {
      if (pw != null) {
        Arrays.fill(pw, '\0');
      }
      throw new IOException("no password given (use a terminal or --password-file FILE)");
    }
    return pw;
  }
}
