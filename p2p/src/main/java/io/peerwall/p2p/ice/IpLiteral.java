package io.peerwall.p2p.ice;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses IP address literals without ever triggering a DNS lookup: a candidate address from the
 * wire is attacker-controlled, and {@code InetAddress.getByName("evil.example")} would resolve it.
 */
final class IpLiteral {
  private IpLiteral() {}

  static InetAddress parse(String s) {
    if (s == null || s.isEmpty() || s.length() > 45) {
      throw new IllegalArgumentException("address is not an IP literal");
    }
    if (s.indexOf(':') >= 0) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean ok =
            (c >= '0' && c <= '9')
                || (c >= 'a' && c <= 'f')
                || (c >= 'A' && c <= 'F')
                || c == ':'
                || c == '.';
        if (!ok) {
          throw new IllegalArgumentException("address is not an IP literal");
        }
      }
      try {
        // Contains ':' and only hex/colon/dot characters: the JDK parses it as an IPv6 literal
        // and fails without consulting DNS if it is not one.
        return InetAddress.getByName(s);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("invalid IPv6 literal");
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("address is not an IP literal");
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3) {
        throw new IllegalArgumentException("address is not an IP literal");
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          throw new IllegalArgumentException("address is not an IP literal");
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        throw new IllegalArgumentException("address is not an IP literal");
      }
      b[i] = (byte) v;
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("address is not an IP literal");
    }
  }
}
