package io.peerwall.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
  @TempDir Path dir;

  @Test
  void roundTripsAndValidates() throws Exception {
    assertThat(AgentConfig.load(dir)).isNull();
    AgentConfig c = new AgentConfig("Porch", 7701, "0.0.0.0", 3);
    c.save(dir);
    assertThat(AgentConfig.load(dir)).isEqualTo(c);
    assertThatThrownBy(() -> new AgentConfig("Porch", 7701, "0.0.0.0", 0))
        .hasMessageContaining("maxStations must be 1 to 64");
  }

  @Test
  void damagedFilesAreReportedWithThePath() throws Exception {
    Files.writeString(dir.resolve(AgentConfig.FILE), "{\"name\": ");
    assertThatThrownBy(() -> AgentConfig.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(AgentConfig.FILE)
        .hasMessageContaining("damaged");
    Files.writeString(dir.resolve(AgentConfig.FILE), "{\"name\":\"P\",\"port\":\"x\"}");
    assertThatThrownBy(() -> AgentConfig.load(dir)).hasMessageContaining("'port'");
  }

  @Test
  void aFailedWriteKeepsThePreviousFile() throws Exception {
    AgentConfig old = new AgentConfig("Porch", 7701, "127.0.0.1", 8);
    old.save(dir);
    // The write cannot happen (as on a full disk): its temporary file's place is taken.
    Files.createDirectories(dir.resolve(AgentConfig.FILE + ".tmp").resolve("blocker"));
    assertThatThrownBy(() -> new AgentConfig("Porch", 9999, "127.0.0.1", 8).save(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the previous settings are kept");
    assertThat(AgentConfig.load(dir)).isEqualTo(old);
  }

  @Test
  void gopCacheKeepsTheLatestGopOnly() {
    GopCache g = new GopCache();
    g.add(new io.peerwall.p2p.EncodedFrame(new byte[] {1}, 0, 0, false));
    assertThat(g.hasKeyframe()).isFalse();
    g.add(new io.peerwall.p2p.EncodedFrame(new byte[] {2}, 1, 0, true));
    g.add(new io.peerwall.p2p.EncodedFrame(new byte[] {3}, 2, 0, false));
    g.add(new io.peerwall.p2p.EncodedFrame(new byte[] {4}, 3, 0, true));
    assertThat(g.snapshot()).extracting(f -> f.annexB()[0]).containsExactly((byte) 4);
  }
}
