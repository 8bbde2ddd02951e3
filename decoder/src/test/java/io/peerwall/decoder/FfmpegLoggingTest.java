package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FfmpegLoggingTest {

  @Test
  void ffmpegMessagesGoToSlf4jWithCredentialsRedacted() {
    Logger ffmpegLogger = (Logger) LoggerFactory.getLogger("ffmpeg");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ffmpegLogger.addAppender(appender);
    try {
      FfmpegLogging.install();
      FfmpegLogging.install(); // idempotent
      assertThat(FfmpegLogging.isInstalled()).isTrue();
      avutil.av_log(null, avutil.AV_LOG_ERROR, "cannot reach rtsp://admin:hunter2@cam/live\n");
      avutil.av_log(null, avutil.AV_LOG_DEBUG, "chatter nobody wants\n");
      assertThat(appender.list).hasSize(1);
      ILoggingEvent event = appender.list.get(0);
      assertThat(event.getLevel().toString()).isEqualTo("WARN");
      assertThat(event.getFormattedMessage())
          .contains("cannot reach rtsp://***@cam/live")
          .doesNotContain("hunter2");
    } finally {
      ffmpegLogger.detachAppender(appender);
    }
  }
}
