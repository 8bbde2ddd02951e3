package io.peerwall.p2p.util;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NamedThreadFactoryTest {
  @Test
  void aThreadThatDiesLogsWhyThroughSlf4j() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(NamedThreadFactory.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    log.addAppender(lines);
    try {
      Thread t =
          NamedThreadFactory.start(
              "p2p-test-dies",
              () -> {
                throw new IllegalStateException("a bug");
              });
      t.join(5000);
      assertThat(t.isAlive()).isFalse();
      assertThat(t.isDaemon()).isTrue();
      assertThat(lines.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).contains("p2p-test-dies");
                assertThat(e.getThrowableProxy().getMessage()).isEqualTo("a bug");
              });
    } finally {
      log.detachAppender(lines);
    }
  }
}
