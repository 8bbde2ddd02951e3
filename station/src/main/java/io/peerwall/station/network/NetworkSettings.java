package io.peerwall.station.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.ice.IceConfig;
import io.peerwall.p2p.ice.IceServers;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.pairing.StationCredentials;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.station.StationSetup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The station's network configuration ({@code <config>/station/network.json}, 0600): STUN and TURN
 * servers, the rendezvous, and the local addresses ICE and mDNS may use. The TURN password is a
 * credential for the TURN server only (not a camera secret); the file is owner-only for it.
 *
 * @param stun STUN servers "host:port"
 * @param turn TURN servers
 * @param rendezvous "host:port" or null
 * @param localAddresses addresses ICE/mDNS may bind (empty: loopback only)
 */
public record NetworkSettings(
    List<String> stun, List<Turn> turn, String rendezvous, List<String> localAddresses) {
  public static final String FILE = "network.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A TURN server with long-term credentials. */
  public record Turn(String address, String username, String password) {
    @Override
    public String toString() {
      return "Turn[" + address + ", " + username + ", <redacted>]";
    }
  }

  public static NetworkSettings empty() {
    return new NetworkSettings(List.of(), List.of(), null, List.of());
  }

  public static NetworkSettings load(AppDirs dirs) {
    Path f = StationSetup.dir(dirs).resolve(FILE);
    if (!Files.exists(f)) {
      return empty();
    }
    try {
      JsonNode n = JSON.readTree(f.toFile());
      List<String> stun = new ArrayList<>();
      n.withArray("stun").forEach(x -> stun.add(x.asText()));
      List<Turn> turn = new ArrayList<>();
      n.withArray("turn")
          .forEach(
              x ->
                  turn.add(
                      new Turn(
                          x.get("address").asText(),
                          x.get("username").asText(),
                          x.get("password").asText())));
      List<String> local = new ArrayList<>();
      n.withArray("localAddresses").forEach(x -> local.add(x.asText()));
      JsonNode r = n.get("rendezvous");
      return new NetworkSettings(stun, turn, r == null || r.isNull() ? null : r.asText(), local);
    } catch (IOException | RuntimeException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR, "network settings " + f + " are damaged: " + e.getMessage(), e);
    }
  }

  public void save(AppDirs dirs) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode s = n.putArray("stun");
    stun.forEach(s::add);
    ArrayNode t = n.putArray("turn");
    for (Turn x : turn) {
      t.addObject()
          .put("address", x.address())
          .put("username", x.username())
          .put("password", x.password());
    }
    n.put("rendezvous", rendezvous);
    ArrayNode l = n.putArray("localAddresses");
    localAddresses.forEach(l::add);
    Path dir = StationSetup.dir(dirs);
    Files.createDirectories(dir);
    Identity.restrict(dir, true);
    Identity.writeOwnerOnly(
        dir.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /** ICE settings: configured local addresses (or loopback) plus STUN/TURN harvesters. */
  public IceConfig ice() {
    IceConfig.Builder b = IceConfig.builder();
    if (!localAddresses.isEmpty()) {
      List<InetAddress> addrs = new ArrayList<>();
      for (String a : localAddresses) {
        addrs.add(HostPort.resolve(a + ":0").getAddress());
      }
      b.localAddresses(addrs)
          .remoteAddressPolicy(a -> !a.isAnyLocalAddress() && !a.isMulticastAddress());
    }
    for (String s : stun) {
      b.addHarvester(IceServers.stun(HostPort.resolve(s)));
    }
    for (Turn t : turn) {
      b.addHarvester(IceServers.turn(HostPort.resolve(t.address()), t.username(), t.password()));
    }
    return b.build();
  }

  public SignalingClient client(StationCredentials station) {
    return new SignalingClient(
        SignalingClient.Config.loopback().withIce(ice()).withCredentials(station));
  }

  public InetSocketAddress rendezvousAddress() {
    return rendezvous == null ? null : HostPort.resolve(rendezvous);
  }
}
