package io.peerwall.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help, bench commands included (found at run time as the launcher finds them),
 * renders as written: picocli formats descriptions with {@code String.format}, so a lone '%' makes
 * it print a warning and the raw text instead of the help.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpRendersWithoutAFormattingWarning() {
    List<String> rendered = new ArrayList<>();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      render(Main.commandLine(), rendered);
    } finally {
      System.setErr(saved);
    }
    assertThat(rendered).contains("peerwall", "peerwall bench", "peerwall bench export");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
  }

  private static void render(CommandLine command, List<String> rendered) {
    command.getUsageMessage();
    rendered.add(command.getCommandSpec().qualifiedName());
    command.getSubcommands().values().forEach(sub -> render(sub, rendered));
  }
}
