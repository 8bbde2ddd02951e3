package io.peerwall.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppDirsTest {
  @TempDir Path home;

  @Test
  void followsXdgWithItsDefaults() {
    AppDirs dirs = AppDirs.resolve(null, Map.of(), home);
    assertThat(dirs.data()).isEqualTo(home.resolve(".local/share/peerwall"));
    assertThat(dirs.config()).isEqualTo(home.resolve(".config/peerwall"));
    assertThat(dirs.logs()).isEqualTo(home.resolve(".local/share/peerwall/logs"));
  }

  @Test
  void honoursAbsoluteXdgVariablesAndIgnoresRelativeOnes() {
    AppDirs dirs =
        AppDirs.resolve(null, Map.of("XDG_DATA_HOME", "/srv/data", "XDG_CONFIG_HOME", "rel"), home);
    assertThat(dirs.data()).isEqualTo(Path.of("/srv/data/peerwall"));
    assertThat(dirs.config()).isEqualTo(home.resolve(".config/peerwall"));
  }

  @Test
  void dataDirOptionHoldsEverything() {
    AppDirs dirs = AppDirs.resolve(home.resolve("pw"), Map.of("XDG_DATA_HOME", "/x"), home);
    assertThat(dirs.data()).isEqualTo(home.resolve("pw"));
    assertThat(dirs.config()).isEqualTo(home.resolve("pw/config"));
    assertThat(dirs.logs()).isEqualTo(home.resolve("pw/logs"));
  }

  @Test
  void aFileInTheWayIsReportedWithTheFix() throws Exception {
    Path blocker = Files.writeString(home.resolve("blocker"), "not a directory");
    AppDirs dirs = AppDirs.resolve(blocker.resolve("pw"), Map.of(), home);
    assertThatThrownBy(dirs::ensureUsable)
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining(blocker.resolve("pw").toString())
        .hasMessageContaining("--data-dir")
        .satisfies(
            e -> assertThat(((UserFacingException) e).exitCode()).isEqualTo(ExitCode.DATA_DIR));
  }
}
