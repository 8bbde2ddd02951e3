package io.peerwall.p2p.ice;

/** How the selected candidate pair reaches the peer (the WebRTC {@code candidateType} names). */
public enum PathType {
  /** Direct between host addresses (LAN, loopback). */
  HOST("host"),
  /** Through a NAT mapping learnt from STUN. */
  SRFLX("srflx"),
  /** Through a NAT mapping learnt from the peer's connectivity checks. */
  PRFLX("prflx"),
  /** Through a TURN relay. */
  RELAY("relay");

  private final String sdpName;

  PathType(String sdpName) {
    this.sdpName = sdpName;
  }

  /** The SDP / WebRTC stats name: host, srflx, prflx or relay. */
  public String sdpName() {
    return sdpName;
  }

  /** Parses an SDP candidate type name. */
  public static PathType fromSdpName(String name) {
    for (PathType t : values()) {
      if (t.sdpName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown candidate type");
  }

  @Override
  public String toString() {
    return sdpName;
  }
}
