package io.peerwall.p2p.ice;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.ice4j.ice.harvest.CandidateHarvester;

/**
 * Settings of one {@link IceSession}. Immutable; build with {@link #builder()}.
 *
 * <p>Host candidates come from an explicit address list (default: 127.0.0.1, the demo and tests,
 * decision 0005) or from every suitable interface, asked again for each session ({@link
 * Builder#allInterfaces()}, {@link HostAddresses}). Server-reflexive and relayed candidates come
 * from the STUN and TURN servers of an {@link IceServerSource}, asked once per session so that
 * time-limited TURN credentials are fresh:
 *
 * <pre>{@code
 * IceConfig.builder()
 *     .allInterfaces()
 *     .iceServers(IceServerSource.both(settingsServers, rendezvousServers))
 *     .build();
 * }</pre>
 *
 * <p>Remote candidates are accepted as the signed offer or answer gives them, filtered only by
 * {@link RemoteCandidateFilter#usable()} (the default). Direct paths are preferred: a relayed pair
 * that succeeds first is nominated only if no direct pair succeeds within {@link
 * #relayNominationDelay()} (or every direct pair failed). Once a session is live and watched,
 * {@link #pathSilenceLimit()} without a packet from the peer means the path is lost.
 */
public final class IceConfig {
  /** Hard protocol limit on candidates per description. */
  public static final int MAX_CANDIDATES = 32;

  private final List<InetAddress> localAddresses;
  private final boolean allInterfaces;
  private final Predicate<InetAddress> remoteAddressPolicy;
  private final Duration connectTimeout;
  private final int receiveBufferBytes;
  private final boolean consentFreshness;
  private final List<Supplier<? extends CandidateHarvester>> harvesters;
  private final IceServerSource iceServers;
  private final Duration relayNominationDelay;
  private final Duration pathSilenceLimit;

  private IceConfig(Builder b) {
    this.localAddresses = List.copyOf(b.localAddresses);
    this.allInterfaces = b.allInterfaces;
    this.remoteAddressPolicy = b.remoteAddressPolicy;
    this.connectTimeout = b.connectTimeout;
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.consentFreshness = b.consentFreshness;
    this.harvesters = List.copyOf(b.harvesters);
    this.iceServers = b.iceServers;
    this.relayNominationDelay = b.relayNominationDelay;
    this.pathSilenceLimit = b.pathSilenceLimit;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The loopback-only setting of the demo and tests: 127.0.0.1, loopback peers only. */
  public static IceConfig loopbackOnly() {
    return builder().remoteAddressPolicy(RemoteCandidateFilter.loopbackOnly()).build();
  }

  /**
   * Addresses {@link LocalAddressHarvester} binds host candidates on; with all interfaces, the ones
   * added to them (often none).
   */
  public List<InetAddress> localAddresses() {
    return localAddresses;
  }

  /** Whether host candidates come from every suitable interface ({@link HostAddresses}). */
  public boolean allInterfaces() {
    return allInterfaces;
  }

  /**
   * The host addresses for a session gathering now: the explicit ones, or every suitable interface
   * (plus the explicit ones given with {@link Builder#allInterfacesAnd}).
   */
  public List<InetAddress> hostAddressesNow() {
    if (!allInterfaces) {
      return localAddresses;
    }
    List<InetAddress> now = new ArrayList<>(HostAddresses.suitable());
    for (InetAddress a : localAddresses) {
      if (!now.contains(a)) {
        now.add(a);
      }
    }
    return List.copyOf(now);
  }

  /** Remote candidates whose address fails this test are ignored (never contacted). */
  public Predicate<InetAddress> remoteAddressPolicy() {
    return remoteAddressPolicy;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public int receiveBufferBytes() {
    return receiveBufferBytes;
  }

  public boolean consentFreshness() {
    return consentFreshness;
  }

  /** Extra (non-host) harvesters. One fresh instance per agent. */
  public List<Supplier<? extends CandidateHarvester>> harvesters() {
    return harvesters;
  }

  /** STUN and TURN servers, asked once per session. */
  public IceServerSource iceServers() {
    return iceServers;
  }

  /** How long a succeeded relayed pair waits for a direct one before it is nominated. */
  public Duration relayNominationDelay() {
    return relayNominationDelay;
  }

  /** Silence from the peer on a watched live path after which the path counts as lost. */
  public Duration pathSilenceLimit() {
    return pathSilenceLimit;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.localAddresses = new ArrayList<>(localAddresses);
    b.allInterfaces = allInterfaces;
    b.remoteAddressPolicy = remoteAddressPolicy;
    b.connectTimeout = connectTimeout;
    b.receiveBufferBytes = receiveBufferBytes;
    b.consentFreshness = consentFreshness;
    b.harvesters = new ArrayList<>(harvesters);
    b.iceServers = iceServers;
    b.relayNominationDelay = relayNominationDelay;
    b.pathSilenceLimit = pathSilenceLimit;
    return b;
  }

  /** Builder for {@link IceConfig}. */
  public static final class Builder {
    private List<InetAddress> localAddresses = new ArrayList<>(List.of(loopbackV4()));
    private boolean allInterfaces;
    private Predicate<InetAddress> remoteAddressPolicy = RemoteCandidateFilter.usable();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int receiveBufferBytes = 1 << 20;
    private boolean consentFreshness = true;
    private List<Supplier<? extends CandidateHarvester>> harvesters = new ArrayList<>();
    private IceServerSource iceServers = IceServerSource.none();
    private Duration relayNominationDelay = Duration.ofSeconds(1);
    private Duration pathSilenceLimit = Duration.ofMillis(2500);

    private Builder() {}

    /** Host candidates on exactly these addresses. */
    public Builder localAddresses(List<InetAddress> addresses) {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("at least one local address is needed");
      }
      this.localAddresses = new ArrayList<>(addresses);
      this.allInterfaces = false;
      return this;
    }

    /** Host candidates on every suitable interface, looked up for each session. */
    public Builder allInterfaces() {
      this.localAddresses = new ArrayList<>();
      this.allInterfaces = true;
      return this;
    }

    /**
     * Host candidates on every suitable interface and on {@code extra} too (loopback, which {@link
     * HostAddresses} leaves out, when the peer is on this machine).
     */
    public Builder allInterfacesAnd(List<InetAddress> extra) {
      this.localAddresses = new ArrayList<>(extra);
      this.allInterfaces = true;
      return this;
    }

    public Builder remoteAddressPolicy(Predicate<InetAddress> policy) {
      this.remoteAddressPolicy = Objects.requireNonNull(policy);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connect timeout");
      return this;
    }

    /** SO_RCVBUF requested for each host candidate socket (best effort; the OS may cap it). */
    public Builder receiveBufferBytes(int bytes) {
      this.receiveBufferBytes = bytes;
      return this;
    }

    /** RFC 7675 consent freshness checks on the selected pair (default on, as in WebRTC). */
    public Builder consentFreshness(boolean on) {
      this.consentFreshness = on;
      return this;
    }

    public Builder addHarvester(Supplier<? extends CandidateHarvester> factory) {
      this.harvesters.add(Objects.requireNonNull(factory));
      return this;
    }

    public Builder iceServers(IceServerSource source) {
      this.iceServers = Objects.requireNonNull(source);
      return this;
    }

    public Builder relayNominationDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("relay nomination delay must not be negative");
      }
      this.relayNominationDelay = delay;
      return this;
    }

    public Builder pathSilenceLimit(Duration limit) {
      this.pathSilenceLimit = positive(limit, "path silence limit");
      return this;
    }

    public IceConfig build() {
      return new IceConfig(this);
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return d;
    }
  }

  private static InetAddress loopbackV4() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
