package io.peerwall.bench.reach;

/**
 * How a site of the {@link NatLab} meets the Internet, the three behaviours that decide whether two
 * peers can reach each other directly (RFC 4787 terms).
 */
public enum NatType {
  /** A public address, no NAT, no firewall: anyone may send to it. */
  OPEN("open"),
  /**
   * Endpoint-independent mapping, address-and-port-dependent filtering: Linux MASQUERADE (which
   * keeps the source port when it can) and a router dropping unsolicited inbound packets. Hole
   * punching works against anything but a symmetric NAT.
   */
  PORT_RESTRICTED("port-restricted"),
  /**
   * Address-and-port-dependent mapping: MASQUERADE --random-fully, a new random port per
   * destination. The port a STUN server sees is not the one a peer would see.
   */
  SYMMETRIC("symmetric");

  private final String label;

  NatType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Whether two peers behind these NATs can reach each other without a relay: only a symmetric NAT
   * against a symmetric or a port-restricted one defeats hole punching (the open side of any pair
   * is reachable, and a symmetric NAT's peer-reflexive port is learnt by a peer it sent to first).
   */
  public static boolean directPossible(NatType a, NatType b) {
    boolean aSym = a == SYMMETRIC;
    boolean bSym = b == SYMMETRIC;
    return !(aSym && b != OPEN || bSym && a != OPEN);
  }

  public static NatType parse(String text) {
    for (NatType t : values()) {
      if (t.label.equals(text) || t.name().equalsIgnoreCase(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a NAT type (open, port-restricted, symmetric)");
  }
}
