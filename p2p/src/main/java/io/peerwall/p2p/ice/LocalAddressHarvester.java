package io.peerwall.p2p.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.ComponentSocket;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.AbstractCandidateHarvester;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers UDP host candidates on an explicit list of local addresses.
 *
 * <p><b>Why this exists.</b> ice4j's own {@code HostCandidateHarvester} walks every network
 * interface and (1) always skips loopback ({@code iface.isLoopback()} and {@code
 * address.isLoopbackAddress()} are hard-coded exclusions), and (2) otherwise binds on every real
 * interface it finds. For PeerWall we need the opposite control: loopback must work (demo, tests,
 * camera and station on one PC), and real interfaces must only be used when configuration says so.
 * So {@link IceSession} switches ice4j's harvester off ({@code Agent.setUseDynamicPorts(false)},
 * see {@link Ice4jBootstrap}) and registers this one, which binds exactly the configured addresses.
 *
 * <p><b>Wiring.</b> A host candidate is only useful if it is wired exactly as ice4j wires its own
 * (read from {@code HostCandidateHarvester#harvest} of ice4j 3.2): the socket is a {@code
 * MultiplexingDatagramSocket} (so STUN can be split off), wrapped in an {@code
 * IceUdpSocketWrapper}; the candidate is added to the component (which assigns foundation and
 * priority); a STUN-filtered child socket of it is registered with the agent's {@code StunStack}
 * (connectivity checks and consent freshness are sent and answered there); and, if the component
 * has a {@code ComponentSocket}, the socket is added to it. Miss the StunStack step and checks
 * silently fail. PeerWall's sessions create components without a {@code ComponentSocket} and read
 * the selected pair's socket instead (see {@code IcePairTransport}); the last step keeps this
 * harvester correct for either mode.
 *
 * <p>Harvesting never blocks (it only binds sockets), as ice4j requires of host harvesters.
 */
public final class LocalAddressHarvester extends AbstractCandidateHarvester {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAddressHarvester.class);

  private final List<InetAddress> addresses;
  private final int receiveBufferBytes;

  public LocalAddressHarvester(List<InetAddress> addresses, int receiveBufferBytes) {
    this.addresses = List.copyOf(addresses);
    this.receiveBufferBytes = receiveBufferBytes;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    List<LocalCandidate> gathered = new ArrayList<>();
    for (InetAddress address : addresses) {
      IceUdpSocketWrapper wrapper = null;
      try {
        MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, address);
        if (receiveBufferBytes > 0) {
          try {
            socket.setReceiveBufferSize(receiveBufferBytes);
          } catch (IOException e) {
            LOG.debug("could not set SO_RCVBUF on {}: {}", address, e.toString());
          }
        }
        wrapper = new IceUdpSocketWrapper(socket);
        HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
        if (!component.addLocalCandidate(candidate)) {
          wrapper.close(); // redundant with an existing candidate
          continue;
        }
        candidate.getStunStack().addSocket(candidate.getStunSocket(null));
        ComponentSocket componentSocket = component.getComponentSocket();
        if (componentSocket != null) {
          componentSocket.add(wrapper);
        }
        gathered.add(candidate);
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "could not bind a host candidate on {}: {}", address.getHostAddress(), e.toString());
        if (wrapper != null) {
          wrapper.close();
        }
      }
    }
    return gathered;
  }

  @Override
  public String toString() {
    return "LocalAddressHarvester" + addresses;
  }
}
