package io.peerwall.p2p.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.harvest.CandidateHarvester;

/**
 * The gathering step of an {@link IceSession}: an ice4j agent set up our way, its one stream and
 * component, host candidates on the session's addresses, server-reflexive and relayed ones from the
 * servers of the moment, and the description to send.
 */
final class IceGathering {
  /** What gathering produced. */
  record Result(Component component, IceDescription description, List<IceServerStatus> statuses) {}

  private IceGathering() {}

  /** A new agent: our host harvester only, no trickle, our nomination, consent as configured. */
  static Agent newAgent(boolean controlling, IceConfig config) {
    Agent agent = new Agent();
    agent.setControlling(controlling);
    agent.setUseDynamicPorts(false); // no ice4j interface harvesting; see LocalAddressHarvester
    agent.setTrickling(false);
    agent.setPerformConsentFreshness(config.consentFreshness());
    agent.setNominationStrategy(NominationStrategy.NONE); // DirectFirstNominator instead
    return agent;
  }

  /**
   * Adds the harvesters and gathers (blocking; bounded by ice4j's STUN transaction limits).
   *
   * @throws IOException if there is no usable local address or no candidate at all
   */
  static Result gather(
      Agent agent,
      IceConfig config,
      List<InetAddress> hosts,
      IceServerList servers,
      IceCallbackAdapter adapter)
      throws IOException {
    if (hosts.isEmpty()) {
      throw new IOException("no network: no interface with a usable address is up");
    }
    agent.addCandidateHarvester(new LocalAddressHarvester(hosts, config.receiveBufferBytes()));
    ServerHarvesters serverHarvesters = new ServerHarvesters();
    serverHarvesters.addTo(agent, servers);
    for (Supplier<? extends CandidateHarvester> h : config.harvesters()) {
      agent.addCandidateHarvester(h.get());
    }
    adapter.attach(agent);
    IceMediaStream stream = agent.createMediaStream("media");
    adapter.attach(stream);
    // No per-component merging socket: it would bind a wildcard UDP port (see
    // IcePairTransport); the session reads the selected pair's socket instead.
    Component component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
    List<IceServerStatus> statuses = serverHarvesters.statuses();
    List<IceCandidate> candidates = new ArrayList<>();
    for (LocalCandidate c : component.getLocalCandidates()) {
      IceCandidate ic = CandidateMapping.toIceCandidate(c);
      if (ic != null && candidates.size() < IceConfig.MAX_CANDIDATES) {
        candidates.add(ic);
      }
    }
    if (candidates.isEmpty()) {
      throw new IceFailedException(
          "no local candidate could be gathered on " + hosts,
          statuses.stream().filter(s -> !s.ok()).toList());
    }
    return new Result(
        component,
        new IceDescription(agent.getLocalUfrag(), agent.getLocalPassword(), candidates),
        statuses);
  }
}
