package io.peerwall.station.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.cli.AppDirs;
import io.peerwall.cli.ExitCode;
import io.peerwall.cli.HostPort;
import io.peerwall.cli.UserFacingException;
import io.peerwall.p2p.ice.IceServerList;
import io.peerwall.p2p.ice.SealedTurnServer;
import io.peerwall.p2p.ice.TurnServer;
import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.SealedSecret;
import io.peerwall.p2p.rendezvous.RendezvousAddress;
import io.peerwall.station.StationSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's network configuration ({@code <config>/station/network.json}, 0600): its own STUN
 * and TURN servers, the rendezvous ({@code host:port} or {@code host:port#ID}), and the local
 * addresses LAN discovery (mDNS) may use. TURN passwords are stored sealed under the station's
 * identity ({@link SealedTurnServer}, as the camera's saved source is: decision 0032); a file from
 * before that, with a password in clear, is sealed the first time it is read. Sessions gather host
 * candidates on every interface whatever {@code localAddresses} says: mDNS sends multicast, so it
 * stays where the user chose; ICE talks only to the camera it was told about.
 *
 * @param stun STUN servers "host:port"
 * @param turn TURN servers with static credentials, passwords sealed
 * @param rendezvous "host:port" or "host:port#ID", or null
 * @param localAddresses addresses mDNS may use (empty: none, so no LAN discovery)
 */
public record NetworkSettings(
    List<String> stun,
    List<SealedTurnServer> turn,
    String rendezvous,
    List<String> localAddresses) {
  public static final String FILE = "network.json";

  /** Where the station pins rendezvous keys: {@code <config>/station/rendezvous-pins.json}. */
  public static final String PINS_FILE = "rendezvous-pins.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(NetworkSettings.class);
  private static final long MAX_BYTES = 64 * 1024;

  public NetworkSettings {
    stun = List.copyOf(stun);
    turn = List.copyOf(turn);
    localAddresses = List.copyOf(localAddresses);
    if (rendezvous != null) {
      RendezvousAddress.parse(rendezvous); // throws with what is wrong
    }
  }

  public static NetworkSettings empty() {
    return new NetworkSettings(List.of(), List.of(), null, List.of());
  }

  /** Where the settings are kept. */
  public static Path file(AppDirs dirs) {
    return StationSetup.dir(dirs).resolve(FILE);
  }

  /** The rendezvous pins' file. */
  public static Path pinsFile(AppDirs dirs) {
    return StationSetup.dir(dirs).resolve(PINS_FILE);
  }

  /**
   * Reads the settings (none saved: {@link #empty()}). A TURN password stored in clear by an older
   * version is sealed and the file rewritten.
   *
   * @throws UserFacingException naming the file and what is wrong when it is damaged
   */
  public static NetworkSettings load(AppDirs dirs) {
    Path f = file(dirs);
    if (!Files.exists(f)) {
      return empty();
    }
    try {
      if (Files.size(f) > MAX_BYTES) {
        throw new IOException("larger than 64 KiB");
      }
      JsonNode n = JSON.readTree(f.toFile());
      if (n == null || !n.isObject()) {
        throw new IOException("not a JSON object");
      }
      List<String> stun = texts(n, "stun");
      List<SealedTurnServer> turn = new ArrayList<>();
      boolean sealedNow = false;
      for (JsonNode x : n.withArray("turn")) {
        String address = text(x, "address");
        String user = text(x, "username");
        String password = text(x, "password");
        if (SealedSecret.isSealed(password)) {
          turn.add(new SealedTurnServer(address, user, password));
        } else {
          turn.add(SealedTurnServer.seal(stationIdentity(dirs), address, user, password));
          sealedNow = true;
        }
      }
      JsonNode r = n.get("rendezvous");
      NetworkSettings s =
          new NetworkSettings(
              stun, turn, r == null || r.isNull() ? null : r.asText(), texts(n, "localAddresses"));
      if (sealedNow) {
        s.save(dirs);
        log.info("sealed the TURN password that {} kept in clear", f);
      }
      return s;
    } catch (IOException | RuntimeException e) {
      throw new UserFacingException(
          ExitCode.DATA_DIR,
          "network settings " + f + " are damaged: " + e.getMessage() + "; fix or remove the file",
          e);
    }
  }

  private static Identity stationIdentity(AppDirs dirs) throws IOException {
    return Identity.loadOrCreate(StationSetup.dir(dirs));
  }

  private static List<String> texts(JsonNode n, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode x : n.withArray(field)) {
      if (!x.isTextual()) {
        throw new IllegalArgumentException("'" + field + "' holds something that is not text");
      }
      out.add(x.asText());
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode x = n.get(field);
    if (x == null || !x.isTextual()) {
      throw new IllegalArgumentException("a TURN entry's '" + field + "' is missing");
    }
    return x.asText();
  }

  public void save(AppDirs dirs) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode s = n.putArray("stun");
    stun.forEach(s::add);
    ArrayNode t = n.putArray("turn");
    for (SealedTurnServer x : turn) {
      t.addObject()
          .put("address", x.address())
          .put("username", x.username())
          .put("password", x.sealedPassword());
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

  public NetworkSettings withStun(List<String> servers) {
    return new NetworkSettings(servers, turn, rendezvous, localAddresses);
  }

  public NetworkSettings withTurn(List<SealedTurnServer> servers) {
    return new NetworkSettings(stun, servers, rendezvous, localAddresses);
  }

  public NetworkSettings withRendezvous(String address) {
    return new NetworkSettings(stun, turn, address, localAddresses);
  }

  public NetworkSettings withLocalAddresses(List<String> addresses) {
    return new NetworkSettings(stun, turn, rendezvous, addresses);
  }

  /**
   * The station's own STUN and TURN servers, resolved now (one that cannot be resolved is left out
   * and logged: the others and the rendezvous's still work).
   *
   * @throws UserFacingException when a sealed TURN password does not open (another station's file,
   *     or altered), with the command that sets it again
   */
  public IceServerList iceServers(Identity station) {
    List<InetSocketAddress> stuns = new ArrayList<>();
    for (String s : stun) {
      try {
        stuns.add(SealedTurnServer.resolve(s));
      } catch (UnknownHostException e) {
        log.warn("STUN server {} is left out: {}", s, e.getMessage());
      }
    }
    List<TurnServer> turns = new ArrayList<>();
    for (SealedTurnServer t : turn) {
      try {
        turns.add(t.open(station));
      } catch (UnknownHostException e) {
        log.warn("TURN server {} is left out: {}", t.address(), e.getMessage());
      } catch (SealedSecret.UnreadableException e) {
        throw new UserFacingException(
            ExitCode.DATA_DIR,
            "the TURN password saved for "
                + t.address()
                + " cannot be read ("
                + e.getMessage()
                + "); set it again with: peerwall network --turn "
                + t.address()
                + " --turn-user "
                + t.username(),
            e);
      }
    }
    int n = IceServerList.MAX_SERVERS;
    return new IceServerList(
        stuns.subList(0, Math.min(n, stuns.size())), turns.subList(0, Math.min(n, turns.size())));
  }

  /** The rendezvous, parsed; null if none is set. */
  public RendezvousAddress rendezvousAddress() {
    return rendezvous == null ? null : RendezvousAddress.parse(rendezvous);
  }

  /** The LAN addresses mDNS may use, resolved. */
  public List<java.net.InetAddress> lanAddresses() {
    List<java.net.InetAddress> out = new ArrayList<>();
    for (String a : localAddresses) {
      out.add(HostPort.resolve(a + ":0").getAddress());
    }
    return out;
  }
}
