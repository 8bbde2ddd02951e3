package io.peerwall.app.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell commands of one README section (its {@code ```sh} blocks, one command a line, trailing
 * {@code # comments} removed): the test runs these very lines, so the README cannot drift from what
 * was tested.
 */
final class ReadmeSection {
  private final List<String> commands;

  private ReadmeSection(List<String> commands) {
    this.commands = commands;
  }

  /** The section under the heading {@code ## title} of the project's README. */
  static ReadmeSection of(String title) throws IOException {
    // Tests run in the module directory (desktop/); the README is at the project root.
    Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int start = lines.indexOf("## " + title);
    if (start < 0) {
      throw new IllegalStateException("README.md has no section '## " + title + "'");
    }
    List<String> commands = new ArrayList<>();
    boolean inShell = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ")) {
        break;
      }
      if (line.startsWith("```")) {
        inShell = !inShell && line.equals("```sh");
        continue;
      }
      String command = withoutComment(line).strip();
      if (inShell && !command.isEmpty()) {
        commands.add(command);
      }
    }
    return new ReadmeSection(commands);
  }

  /** {@code command}, after checking that the section has exactly this line. */
  String command(String command) {
    if (!commands.contains(command)) {
      throw new AssertionError(
          "the README section has no command '" + command + "'; it has:\n" + commands);
    }
    return command;
  }

  private static String withoutComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#' && !single && !dbl && (i == 0 || line.charAt(i - 1) == ' ')) {
        return line.substring(0, i);
      }
    }
    return line;
  }
}
