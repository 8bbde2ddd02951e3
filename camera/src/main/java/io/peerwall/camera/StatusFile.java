package io.peerwall.camera;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.decoder.SourceHealth;
import io.peerwall.decoder.source.SubStreamEncoder;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.signaling.CameraSession;
import io.peerwall.p2p.signaling.ConnectionStats;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code status.json} in the camera's data directory, rewritten every 2 s by a running agent
 * (thread {@code camera-status}) so that {@code peerwall camera status} can show sessions and
 * source health from another process. Removed on clean shutdown; a file older than {@link
 * #STALE_MILLIS} means the agent is gone (crashed or killed). A failed write (full disk) is logged
 * once per outage and never stops serving.
 */
public final class StatusFile implements AutoCloseable {
  public static final String FILE = "status.json";
  public static final long STALE_MILLIS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(StatusFile.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final CameraAgent agent;
  private final String sourceDescription;
  private final String subStreamSummary;
  private final long startedAt = System.currentTimeMillis();
  private final ScheduledExecutorService timer;
  private volatile Supplier<Map<String, Object>> rendezvous = () -> null;
  private boolean failing;

  private StatusFile(
      Path dir, CameraAgent agent, String sourceDescription, String subStreamSummary) {
    this.file = dir.resolve(FILE);
    this.agent = agent;
    this.sourceDescription = sourceDescription;
    this.subStreamSummary = subStreamSummary;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(NamedThreadFactory.single("camera-status"));
  }

  /**
   * Starts writing the running agent's status into {@code dir}.
   *
   * @param subStreamSummary what the sub stream is and how it is made (size, fps, source)
   */
  public static StatusFile start(
      Path dir, CameraAgent agent, String sourceDescription, String subStreamSummary) {
    StatusFile s = new StatusFile(dir, agent, sourceDescription, subStreamSummary);
    s.timer.scheduleWithFixedDelay(s::writeNow, 0, 2, TimeUnit.SECONDS);
    return s;
  }

  /**
   * Adds the rendezvous registration's state ({@code rendezvous} object: address, registered,
   * problem) to every status written from now on.
   */
  public StatusFile withRendezvous(Supplier<Map<String, Object>> state) {
    this.rendezvous = state;
    return this;
  }

  /** The status a running agent last wrote, or {@code null} if none (or unreadable). */
  public static JsonNode read(Path dir) {
    Path f = dir.resolve(FILE);
    try {
      return Files.exists(f) ? MAPPER.readTree(Files.readAllBytes(f)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The status as JSON (the CLI and tests read this). */
  ObjectNode snapshot() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("pid", ProcessHandle.current().pid());
    root.put("startedAt", startedAt);
    root.put("updatedAt", System.currentTimeMillis());
    root.put("port", agent.port());
    root.put("source", sourceDescription);
    SourceHealth h = agent.sourceHealth();
    ObjectNode src = root.putObject("sourceHealth");
    src.put("state", h.state().name());
    src.put("codec", h.codec() == null ? "" : h.codec().name());
    src.put("width", h.width());
    src.put("height", h.height());
    src.put("framesEmitted", h.framesEmitted());
    src.put("reconnects", h.reconnects());
    src.put("lastError", h.lastError());
    src.put("openProblem", agent.sourceProblem());
    ObjectNode sub = root.putObject("subStream");
    sub.put("summary", subStreamSummary);
    SourceHealth sh = agent.subSourceHealth();
    if (sh != null) {
      sub.put("state", sh.state().name());
      sub.put("width", sh.width());
      sub.put("height", sh.height());
      sub.put("framesEmitted", sh.framesEmitted());
      sub.put("lastError", sh.lastError());
      if (agent.subSource() instanceof SubStreamEncoder encoder) {
        sub.put("framesDropped", encoder.framesDropped());
      }
    }
    ConnectionStats c = agent.signalingServer().connectionStats();
    ObjectNode conns = root.putObject("connections");
    conns.put("handshakes", c.handshakes());
    conns.put("sessions", c.sessions());
    conns.put("admitted", c.admitted());
    conns.put("refusedAtCapacity", c.refusedAtCapacity());
    conns.put("refusedPerAddress", c.refusedPerAddress());
    conns.put("evicted", c.evicted());
    conns.put("sessionsFull", c.sessionsFull());
    conns.put("firstLineTimeouts", c.firstLineTimeouts());
    conns.put("handshakeTimeouts", c.handshakeTimeouts());
    Map<String, Object> rdv = rendezvous.get();
    if (rdv != null) {
      root.set("rendezvous", MAPPER.valueToTree(rdv));
    }
    root.put("framesSent", agent.framesSent());
    root.put("sessionsServed", agent.sessionsServed());
    long ff = agent.lastFirstFrameNanos();
    root.put("lastFirstFrameMillis", ff < 0 ? -1.0 : ff / 1e6);
    ArrayNode sessions = root.putArray("sessions");
    for (CameraSession s : agent.sessions()) {
      ObjectNode n = sessions.addObject();
      n.put("stationId", s.station().id());
      n.put("stationName", s.station().name());
      n.put("from", s.source());
      ArrayNode streams = n.putArray("streams");
      s.selectedStreams().stream().sorted().forEach(streams::add);
      n.put("path", String.valueOf(s.selectedPath().type()));
      n.put("pathKind", s.selectedPath().kind().label());
    }
    return root;
  }

  void writeNow() {
    try {
      Identity.writeOwnerOnly(
          file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(snapshot()));
      if (failing) {
        log.info("camera status file {} is written again", file);
        failing = false;
      }
    } catch (IOException | RuntimeException e) {
      if (!failing) {
        log.warn(
            "cannot write the camera status file {}: {} (serving goes on)", file, e.getMessage());
        failing = true;
      }
    }
  }

  /** Stops writing and removes the file (the agent is no longer serving). */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("could not remove {}: {}", file, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
