package io.peerwall.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends all logging (ours, ice4j's java.util.logging, JavaCV's) to one file in the data directory.
 * The console gets only warnings, one line each, never a stack trace: those are for the log file.
 */
public final class Logging {
  /** System property the logback configuration reads for the log directory. */
  public static final String LOG_DIR_PROPERTY = "peerwall.log.dir";

  private Logging() {}

  /** Points logging at {@code logDir}; call once the data directory is known and usable. */
  public static void configure(Path logDir, boolean verbose) {
    System.setProperty(LOG_DIR_PROPERTY, logDir.toString());
    System.setProperty("peerwall.console.level", verbose ? "INFO" : "WARN");
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL config = Logging.class.getResource("/logback.xml");
    try {
      configurator.doConfigure(config);
    } catch (JoranException e) {
      // Logging itself is broken: nowhere to log to but stderr.
      System.err.println("peerwall: logging configuration failed: " + e.getMessage());
    }
    bridgeJavaUtilLogging();
  }

  /**
   * ice4j and jitsi-utils log through java.util.logging: send it to our logging from the start, so
   * that commands that never configure a data directory (benchmarks) do not print ice4j's INFO
   * lines on the console either. Idempotent.
   */
  public static void bridgeJavaUtilLogging() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
  }
}
