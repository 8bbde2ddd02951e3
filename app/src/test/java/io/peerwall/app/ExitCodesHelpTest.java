package io.peerwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwall.cli.ExitCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exit codes a script may depend on are said the same way in three places: the {@link ExitCode}
 * constants the commands return, {@code peerwall --help} and the README's table.
 */
class ExitCodesHelpTest {
  private static final Pattern ROW = Pattern.compile("^\\| ([0-9, ]+) \\| (.+) \\|$");

  @Test
  void helpListsEveryExitCodeAsTheReadmeTableDoes() throws Exception {
    Map<String, String> readme = readmeTable();
    assertThat(readme).as("the README's exit code table").hasSizeGreaterThan(10);
    Map<String, String> help = ExitCode.meanings();
    assertThat(help.keySet()).containsExactlyElementsOf(readme.keySet());
    help.forEach(
        (code, meaning) ->
            assertThat(meaning).as("exit code %s", code).isEqualTo(readme.get(code)));

    List<String> constants = new ArrayList<>();
    for (Field f : ExitCode.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
        constants.add(String.valueOf(f.getInt(null)));
      }
    }
    List<String> listed =
        help.keySet().stream().flatMap(k -> List.of(k.split(", ")).stream()).toList();
    assertThat(listed).containsExactlyInAnyOrderElementsOf(constants);

    // Compared without white space: the help wraps its lines (even after "source.").
    String usage = Main.commandLine().getUsageMessage().replaceAll("\\s+", "");
    assertThat(usage).contains("Exitcodes:");
    help.forEach(
        (code, meaning) -> assertThat(usage).contains((code + meaning).replaceAll("\\s+", "")));
  }

  /** The README's "Exit codes" table: code column to meaning, backticks dropped. */
  private static Map<String, String> readmeTable() throws Exception {
    Map<String, String> rows = new LinkedHashMap<>();
    boolean inSection = false;
    for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Exit codes");
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (inSection && m.matches()) {
        rows.put(m.group(1).strip(), m.group(2).replace("`", "").strip());
      }
    }
    return rows;
  }
}
