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
 * <p>Defaults are the demo/test setting: host candidates on 127.0.0.1 only, remote candidates
 * accepted only on loopback, no STUN/TURN. A LAN deployment later sets {@link
 * Builder#localAddresses} to the LAN interface addresses and widens {@link
 * Builder#remoteAddressPolicy}; STUN/TURN plug in through {@link Builder#addHarvester}, e.g.
 *
 * <pre>{@code
 * IceConfig.builder()
 *     .addHarvester(() -> new StunCandidateHarvester(
 *         new TransportAddress("stun.example.org", 3478, Transport.UDP)))
 *     .build();
 * }</pre>
 */
public final class IceConfig {
  /** Hard protocol limit on candidates per description. */
  public static final int MAX_CANDIDATES = 32;

  private final List<InetAddress> localAddresses;
  private final Predicate<InetAddress> remoteAddressPolicy;
  private final Duration connectTimeout;
  private final int receiveBufferBytes;
  private final boolean consentFreshness;
  private final List<Supplier<? extends CandidateHarvester>> harvesters;

  private IceConfig(Builder b) {
    this.localAddresses = List.copyOf(b.localAddresses);
    this.remoteAddressPolicy = b.remoteAddressPolicy;
    this.connectTimeout = b.connectTimeout;
    this.receiveBufferBytes = b.receiveBufferBytes;
    this.consentFreshness = b.consentFreshness;
    this.harvesters = List.copyOf(b.harvesters);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The loopback-only default. */
  public static IceConfig loopbackOnly() {
    return builder().build();
  }

  /** Addresses our {@link LocalAddressHarvester} binds host candidates on. */
  public List<InetAddress> localAddresses() {
    return localAddresses;
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

  /** Extra (non-host) harvesters: the STUN/TURN hook. One fresh instance per agent. */
  public List<Supplier<? extends CandidateHarvester>> harvesters() {
    return harvesters;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.localAddresses = new ArrayList<>(localAddresses);
    b.remoteAddressPolicy = remoteAddressPolicy;
    b.connectTimeout = connectTimeout;
    b.receiveBufferBytes = receiveBufferBytes;
    b.consentFreshness = consentFreshness;
    b.harvesters = new ArrayList<>(harvesters);
    return b;
  }

  /** Builder for {@link IceConfig}. */
  public static final class Builder {
    private List<InetAddress> localAddresses = new ArrayList<>(List.of(loopbackV4()));
    private Predicate<InetAddress> remoteAddressPolicy = InetAddress::isLoopbackAddress;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int receiveBufferBytes = 1 << 20;
    private boolean consentFreshness = true;
    private List<Supplier<? extends CandidateHarvester>> harvesters = new ArrayList<>();

    private Builder() {}

    public Builder localAddresses(List<InetAddress> addresses) {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("at least one local address is needed");
      }
      this.localAddresses = new ArrayList<>(addresses);
      return this;
    }

    public Builder remoteAddressPolicy(Predicate<InetAddress> policy) {
      this.remoteAddressPolicy = Objects.requireNonNull(policy);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connect timeout must be positive");
      }
      this.connectTimeout = timeout;
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

    public IceConfig build() {
      return new IceConfig(this);
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
