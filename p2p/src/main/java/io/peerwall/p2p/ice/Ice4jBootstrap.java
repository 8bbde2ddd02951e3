package io.peerwall.p2p.ice;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.ice4j.ice.harvest.HarvestConfig;
import org.ice4j.ice.harvest.MappingCandidateHarvester;
import org.ice4j.ice.harvest.MappingCandidateHarvesters;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.jitsi.config.JitsiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures ice4j before any of its classes read their configuration. Called by {@link IceSession}
 * before it creates an {@code Agent}; idempotent and cheap after the first call.
 *
 * <p>What it does and why:
 *
 * <ul>
 *   <li>{@code ice4j.harvest.mapping.aws.enabled=false}: ice4j otherwise probes the EC2 metadata
 *       endpoint (an HTTP request off the machine) from the first {@code Agent} constructor.
 *   <li>{@code ice4j.harvest.mapping.stun.enabled=false}: not a key ice4j 3.2 reads (STUN mapping
 *       harvesters run iff {@code ice4j.harvest.mapping.stun.addresses} is non-empty); set anyway
 *       so the intent is explicit and survives an ice4j upgrade. The real guard is the check below
 *       that the addresses list is empty.
 *   <li>{@code ice4j.harvest.udp.use-dynamic-ports=false} (and {@code Agent.setUseDynamicPorts
 *       (false)} per agent): switches off ice4j's own {@code HostCandidateHarvester}, which binds a
 *       socket on every non-loopback interface (here eth0: 192.0.2.2 / fd00::2). All our host
 *       candidates come from {@link LocalAddressHarvester} instead.
 *   <li>{@code ice4j.harvest.allowed-addresses=[127.0.0.1]}: a second lock on the same door. ice4j
 *       never allocates on loopback, so this allow-list leaves its host harvester nothing at all,
 *       should anything ever call it.
 *   <li>{@code ice4j.consent-freshness.interval=5 seconds}: RFC 7675's consent check period (ice4j
 *       defaults to 15 s, randomised ±20 %). A check unanswered through its 30 retransmissions (500
 *       ms apart) fails the selected pair, about 20 s after the last answer: within RFC 7675's 30
 *       s. {@link PathWatch} turns that into PATH_LOST (ice4j 3.2 itself keeps the agent COMPLETED
 *       and goes on sending). Faster loss detection is the path watch's silence rule.
 *   <li>{@code org.ice4j.MAX_RETRANSMISSIONS=3}, {@code org.ice4j.MAX_CTRAN_RETRANS_TIMER=400}:
 *       ice4j's STUN transactions (connectivity checks, STUN and TURN requests) give up after about
 *       1.1 s instead of 7.9 s. ice4j's own STUN harvester sets exactly these the first time one is
 *       created, process-wide; setting them up front makes every session behave the same whether or
 *       not a STUN server was ever configured in this JVM, and bounds how long a STUN or TURN
 *       server that does not answer holds up gathering.
 *   <li>The JUL logger {@code org.ice4j.ice.Agent} is pinned to WARNING and gets a filter that
 *       drops any record containing {@code ice-pwd}: {@code Agent.toString()} contains the local
 *       ICE password, and ice4j 3.2 logs it at INFO from {@code Agent.setControlling()} whenever
 *       the role changes (i.e. for every controlling agent, and on role-conflict resolution) and at
 *       FINE from the {@code Agent} constructor. The filter stays effective even if someone lowers
 *       the level later.
 * </ul>
 *
 * <p>Values already present as system properties are not overwritten (ops can still tune ice4j with
 * {@code -D}), except that the mapping harvesters are verified to be off afterwards: if something
 * else initialised them with AWS or STUN enabled, this throws rather than leak traffic.
 */
public final class Ice4jBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(Ice4jBootstrap.class);

  /** Strong references: JUL keeps loggers weakly, a configured level would otherwise be lost. */
  private static final List<java.util.logging.Logger> PINNED_JUL_LOGGERS = new ArrayList<>();

  private static boolean configured;

  private Ice4jBootstrap() {}

  /** Applies the settings above (once per JVM). */
  public static synchronized void ensureConfigured() {
    if (configured) {
      return;
    }
    setIfAbsent("ice4j.harvest.mapping.aws.enabled", "false");
    setIfAbsent("ice4j.harvest.mapping.stun.enabled", "false");
    setIfAbsent("ice4j.harvest.udp.use-dynamic-ports", "false");
    setIfAbsent("ice4j.harvest.allowed-addresses.0", "127.0.0.1");
    setIfAbsent("ice4j.consent-freshness.interval", "5 seconds");
    setIfAbsent("org.ice4j.MAX_RETRANSMISSIONS", "3");
    setIfAbsent("org.ice4j.MAX_CTRAN_RETRANS_TIMER", "400");
    // Typesafe Config caches system properties at first load; re-read them in case some other
    // code touched ice4j/jicoco config before us.
    ConfigFactory.invalidateCaches();
    JitsiConfig.Companion.reloadNewConfig();

    java.util.logging.Logger agentLogger =
        java.util.logging.Logger.getLogger("org.ice4j.ice.Agent");
    Level level = agentLogger.getLevel();
    if (level == null || level.intValue() < Level.WARNING.intValue()) {
      agentLogger.setLevel(Level.WARNING);
    }
    agentLogger.setFilter(Ice4jBootstrap::mayLog);
    PINNED_JUL_LOGGERS.add(agentLogger);

    verifyNoExternalMappingHarvesters();
    configured = true;
    LOG.debug("ice4j configured: AWS/STUN mapping harvesters off, interface harvesting off");
  }

  /** JUL filter: no log record that would carry an ICE password. */
  static boolean mayLog(LogRecord r) {
    String m = r.getMessage();
    return m == null || !(m.contains("ice-pwd") || m.contains("password"));
  }

  private static void verifyNoExternalMappingHarvesters() {
    HarvestConfig hc = HarvestConfig.config;
    if (hc.enableAwsHarvester()) {
      throw new IllegalStateException(
          "ice4j AWS harvester is enabled (ice4j.harvest.mapping.aws.enabled); refusing to start");
    }
    if (!hc.stunMappingCandidateHarvesterAddresses().isEmpty()) {
      throw new IllegalStateException(
          "ice4j STUN mapping harvesters are configured (ice4j.harvest.mapping.stun.addresses);"
              + " refusing to start. Use IceConfig harvesters for STUN instead.");
    }
    for (MappingCandidateHarvester h : MappingCandidateHarvesters.getHarvesters()) {
      if (!(h instanceof StaticMappingCandidateHarvester)) {
        throw new IllegalStateException(
            "ice4j mapping harvester " + h.getClass().getSimpleName() + " is active; refusing");
      }
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
