package io.peerwall.p2p.ice;

/**
 * What one STUN or TURN server did for one session's gathering: the difference between "the TURN
 * server refused our credentials" and "nothing answered", which a station shows on the tile.
 *
 * @param server "ip:port"
 * @param kind STUN or TURN
 * @param outcome what happened
 * @param detail the server's error code and reason when it sent one (e.g. "401 Unauthorized"), else
 *     ""; never a credential
 */
public record IceServerStatus(String server, Kind kind, Outcome outcome, String detail) {
  /** Which protocol the server was asked with. */
  public enum Kind {
    STUN,
    TURN
  }

  /** The result of asking one server. */
  public enum Outcome {
    /** Answered: a server-reflexive (STUN) or relayed (TURN) candidate was gathered. */
    OK,
    /** No answer within the STUN retransmissions (~1.5 s): down, blocked, or wrong address. */
    NO_ANSWER,
    /** TURN: 401 or 441 to an authenticated Allocate: wrong, forged or expired credentials. */
    REFUSED_CREDENTIALS,
    /** Any other error response (403 forbidden, 486 quota reached, 508 capacity, ...). */
    REFUSED,
    /** Not asked: no local address of this session can reach it (e.g. IPv6 server, IPv4 host). */
    NOT_ASKED
  }

  public boolean ok() {
    return outcome == Outcome.OK;
  }

  /** A sentence for logs, tiles and exception messages. */
  public String describe() {
    String what = kind + " server " + server;
    return switch (outcome) {
      case OK -> what + " answered";
      case NO_ANSWER -> what + " did not answer";
      case REFUSED_CREDENTIALS -> "TURN server " + server + " refused the credentials" + suffix();
      case REFUSED -> what + " refused the request" + suffix();
      case NOT_ASKED -> what + " cannot be reached from any local address of this session";
    };
  }

  private String suffix() {
    return detail.isEmpty() ? "" : " (" + detail + ")";
  }
}
