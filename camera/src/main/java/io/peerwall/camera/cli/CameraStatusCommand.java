package io.peerwall.camera.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.camera.AgentConfig;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.CommonOptions;
import io.peerwall.cli.ExitCode;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.CameraPairingStore;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.pairing.PasswordVerifier;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code peerwall camera status}: ID, settings, password facts (set-at, strength, failed attempts,
 * lockouts, whether a factory/blocklisted password was ever tried), paired stations and, when an
 * agent serves, its sessions and source health (from the agent's {@code status.json}). Read-only;
 * never shows a secret.
 */
@Command(
    name = "status",
    description = "Show the camera's ID, stations, sessions and password facts.")
public final class CameraStatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--name", defaultValue = "PeerWall camera", description = "Which camera.")
  String name;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    AppDirs dirs = common.prepare();
    Path dir = CameraState.dir(dirs, name);
    CameraCredentials c = CameraState.openExisting(dir, name);
    AgentConfig config = CameraState.config(dir, name);
    JsonNode live = CameraState.liveStatus(dir);
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("name", config.name());
    root.put("cameraId", c.cameraId());
    root.put("dataDir", dir.toString());
    root.put("port", config.port());
    root.put("bind", config.bind());
    root.put("maxStations", config.maxStations());
    root.put("rendezvous", config.reach().rendezvous());
    var ice = root.putArray("iceServers");
    config.reach().stun().forEach(x -> ice.add("stun " + x));
    config.reach().turn().forEach(t -> ice.add("turn " + t.address() + " as " + t.username()));
    ObjectNode pw = root.putObject("password");
    PasswordVerifier v = c.store().verifier();
    pw.put("set", v != null);
    if (v != null) {
      pw.put("setAt", Instant.ofEpochMilli(v.setAtMillis()).toString());
      pw.put("strength", v.strength());
      pw.put("score", v.score());
    }
    CameraPairingStore.Audit a = c.store().audit();
    pw.put("failedAttempts", a.failedAttempts());
    pw.put("lockouts", a.lockouts());
    if (a.lockedUntilMillis() > System.currentTimeMillis()) {
      pw.put("lockedUntil", Instant.ofEpochMilli(a.lockedUntilMillis()).toString());
    }
    if (a.lastFailureMillis() > 0) {
      pw.put("lastFailure", Instant.ofEpochMilli(a.lastFailureMillis()).toString());
    }
    pw.put("blocklistedAttempts", a.blocklistedAttempts());
    if (a.lastBlocklistedMillis() > 0) {
      pw.put("lastBlocklistedAttempt", Instant.ofEpochMilli(a.lastBlocklistedMillis()).toString());
    }
    var stations = root.putArray("stations");
    for (PairedPeer p : c.store().stations()) {
      stations
          .addObject()
          .put("id", p.id())
          .put("name", p.name())
          .put("pairedAt", Instant.ofEpochMilli(p.pairedAtMillis()).toString());
    }
    root.put("serving", live != null);
    if (live != null) {
      root.set("agent", live);
    }
    if (json) {
      out.println(root);
    } else {
      printText(root);
    }
    return ExitCode.OK;
  }

  private void printText(ObjectNode r) {
    out.printf("Camera '%s'  ID %s%n", r.get("name").asText(), r.get("cameraId").asText());
    out.printf(
        "  data: %s  (serves on %s:%d, at most %d stations)%n",
        r.get("dataDir").asText(),
        r.get("bind").asText(),
        r.get("port").asInt(),
        r.get("maxStations").asInt());
    if (!r.path("rendezvous").isNull() || !r.get("iceServers").isEmpty()) {
      List<String> servers = new ArrayList<>();
      r.get("iceServers").forEach(n -> servers.add(n.asText()));
      out.printf(
          "  reached from elsewhere through: rendezvous %s%s%n",
          r.path("rendezvous").isNull() ? "-" : r.get("rendezvous").asText(),
          servers.isEmpty() ? "" : ", " + String.join(", ", servers));
    }
    JsonNode pw = r.get("password");
    if (pw.get("set").asBoolean()) {
      out.printf(
          "  password: set %s, %s (score %d/4)%n",
          pw.get("setAt").asText(), pw.get("strength").asText(), pw.get("score").asInt());
    } else {
      out.println("  password: NOT SET (no station can pair; run ./peerwall camera passwd)");
    }
    out.printf(
        "  failed pairing attempts: %d, lockouts: %d%s%n",
        pw.get("failedAttempts").asLong(),
        pw.get("lockouts").asLong(),
        pw.has("lockedUntil") ? ", locked until " + pw.get("lockedUntil").asText() : "");
    long blocklisted = pw.get("blocklistedAttempts").asLong();
    out.printf(
        "  factory/blocklisted password tried: %s%n",
        blocklisted == 0
            ? "never"
            : blocklisted + " time(s), last " + pw.get("lastBlocklistedAttempt").asText());
    out.printf("  paired stations: %d%n", r.get("stations").size());
    for (JsonNode s : r.get("stations")) {
      out.printf(
          "    %s  '%s'  paired %s%n",
          s.get("id").asText(), s.get("name").asText(), s.get("pairedAt").asText());
    }
    if (!r.get("serving").asBoolean()) {
      out.println("  not serving now");
      return;
    }
    JsonNode ag = r.get("agent");
    JsonNode h = ag.get("sourceHealth");
    out.printf(
        "  serving (pid %d, port %d) %s: %s %s %dx%d, %d frames, %d reconnects%n",
        ag.get("pid").asLong(),
        ag.get("port").asInt(),
        ag.get("source").asText(),
        h.get("state").asText(),
        h.get("codec").asText(),
        h.get("width").asInt(),
        h.get("height").asInt(),
        h.get("framesEmitted").asLong(),
        h.get("reconnects").asLong());
    String problem = h.path("openProblem").asText("");
    String last = problem.isEmpty() ? h.path("lastError").asText("") : problem;
    if (!last.isEmpty()) {
      out.printf("  source problem: %s%n", last);
    }
    JsonNode sub = ag.path("subStream");
    if (sub.has("summary")) {
      out.printf("  sub stream: %s", sub.get("summary").asText());
      if (sub.has("state")) {
        out.printf(
            "; %s %dx%d, %d frames",
            sub.get("state").asText(),
            sub.get("width").asInt(),
            sub.get("height").asInt(),
            sub.get("framesEmitted").asLong());
      }
      if (sub.has("framesDropped")) {
        out.printf(", %d dropped (encoder behind)", sub.get("framesDropped").asLong());
      }
      out.println();
    }
    out.printf(
        "  sessions: %d (%d since start)%n",
        ag.get("sessions").size(), ag.get("sessionsServed").asLong());
    for (JsonNode s : ag.get("sessions")) {
      List<String> streams = new ArrayList<>();
      s.get("streams").forEach(n -> streams.add(n.asText()));
      out.printf(
          "    %s '%s' from %s, %s stream%s, %s%n",
          s.get("stationId").asText(),
          s.get("stationName").asText(),
          s.get("from").asText(),
          String.join(" + ", streams),
          streams.size() > 1 ? "s" : "",
          s.path("pathKind").asText(s.get("path").asText()));
    }
    JsonNode rdv = ag.get("rendezvous");
    if (rdv != null && !rdv.path("address").isNull()) {
      String rdvProblem = rdv.path("problem").asText("");
      out.printf(
          "  rendezvous %s: %s%n",
          rdv.path("address").asText(),
          rdv.path("registered").asBoolean()
              ? "registered (stations reach this camera by its ID)"
              : "NOT registered" + (rdvProblem.isEmpty() ? "" : ": " + rdvProblem));
    }
  }
}
