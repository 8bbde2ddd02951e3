package io.peerwall.station.feed;

import io.peerwall.p2p.ice.IceFailedException;
import io.peerwall.p2p.ice.IceServerStatus;
import io.peerwall.p2p.rendezvous.RendezvousException;
import java.util.Objects;

/**
 * Why a camera is not live, in words a person can act on (decision 0069's table, seen from the
 * station): the tile and the status line show {@link #describe()}, and {@link #fix()} when there is
 * something to do. The kind decides the tile's wording in each language; the detail is the
 * technical sentence (addresses, server answers) shown below it.
 *
 * @param kind what went wrong
 * @param detail the sentence from below (never a credential), may be empty
 */
public record FeedProblem(Kind kind, String detail) {
  public static final FeedProblem NONE = new FeedProblem(Kind.NONE, "");

  /** What went wrong, from the most to the least specific. */
  public enum Kind {
    NONE,
    /** Not found on this network (no LAN address, no address that worked) and no rendezvous. */
    NO_ROUTE,
    /** The rendezvous does not answer (down, no route to it, name unknown). */
    RENDEZVOUS_DOWN,
    /** The rendezvous presented another key than the one pinned for it. */
    RENDEZVOUS_KEY_CHANGED,
    /** The rendezvous refused or sent something unverifiable. */
    RENDEZVOUS_REFUSED,
    /** The camera is not registered with the rendezvous: offline, or on another rendezvous. */
    CAMERA_OFFLINE,
    /** The rendezvous put the station through to another camera than the paired one. */
    WRONG_CAMERA_VIA_RENDEZVOUS,
    /** Nothing answered at the camera's last address or on the LAN, and there is no rendezvous. */
    NOT_ANSWERING,
    /** Signaling worked, but no network path: TURN refused the station's credentials. */
    TURN_REFUSED,
    /** Signaling worked, but no network path: the STUN/TURN servers did not answer. */
    SERVERS_SILENT,
    /** Signaling worked, but no network path (NATs on both sides, no relay). */
    NO_PATH,
    /** The station has no usable network address. */
    NO_NETWORK,
    /** Anything else: the detail says what. */
    OTHER
  }

  public FeedProblem {
    Objects.requireNonNull(kind);
    detail = detail == null ? "" : detail;
  }

  /** The problem a failed connection attempt stands for. */
  public static FeedProblem of(Throwable failure) {
    if (failure == null) {
      return NONE;
    }
    if (failure instanceof ReachFailure r) {
      return r.problem();
    }
    if (failure instanceof RendezvousException r) {
      return ofRendezvous(r);
    }
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof IceFailedException ice) {
        return ofIce(ice, failure.getMessage());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return new FeedProblem(Kind.OTHER, String.valueOf(failure.getMessage()));
  }

  /** A rendezvous failure as a problem. */
  public static FeedProblem ofRendezvous(RendezvousException r) {
    Kind k =
        switch (r.kind()) {
          case UNREACHABLE, NO_ANSWER -> Kind.RENDEZVOUS_DOWN;
          case KEY_MISMATCH -> Kind.RENDEZVOUS_KEY_CHANGED;
          case REFUSED, BAD_ANSWER -> Kind.RENDEZVOUS_REFUSED;
          case CAMERA_NOT_REGISTERED -> Kind.CAMERA_OFFLINE;
        };
    return new FeedProblem(k, r.getMessage());
  }

  private static FeedProblem ofIce(IceFailedException ice, String message) {
    if (ice.turnRefusedCredentials()) {
      return new FeedProblem(Kind.TURN_REFUSED, message);
    }
    if (String.valueOf(ice.getMessage()).startsWith("no network")) {
      return new FeedProblem(Kind.NO_NETWORK, message);
    }
    boolean anyServer = !ice.serverProblems().isEmpty();
    boolean allSilent =
        anyServer
            && ice.serverProblems().stream()
                .allMatch(s -> s.outcome() == IceServerStatus.Outcome.NO_ANSWER);
    return new FeedProblem(allSilent ? Kind.SERVERS_SILENT : Kind.NO_PATH, message);
  }

  /** One line: what is wrong, and the technical detail. */
  public String describe() {
    String what =
        switch (kind) {
          case NONE -> "";
          case NO_ROUTE -> "not on this network, and no rendezvous is set";
          case RENDEZVOUS_DOWN -> "the rendezvous does not answer";
          case RENDEZVOUS_KEY_CHANGED -> "the rendezvous's key changed";
          case RENDEZVOUS_REFUSED -> "the rendezvous refused";
          case CAMERA_OFFLINE -> "the camera is offline (not registered with the rendezvous)";
          case WRONG_CAMERA_VIA_RENDEZVOUS -> "the rendezvous answered with another camera";
          case NOT_ANSWERING -> "the camera does not answer";
          case TURN_REFUSED -> "the TURN server refused the station's credentials";
          case SERVERS_SILENT -> "no path: the STUN/TURN servers do not answer";
          case NO_PATH -> "no network path to the camera";
          case NO_NETWORK -> "this station has no network";
          case OTHER -> "";
        };
    if (what.isEmpty()) {
      return detail;
    }
    return detail.isEmpty() ? what : what + " (" + detail + ")";
  }

  /** What to run or check, in English; empty when nothing but waiting helps. */
  public String fix() {
    return switch (kind) {
      case NO_ROUTE ->
          "set the rendezvous the camera uses: peerwall network --rendezvous HOST:PORT#ID";
      case RENDEZVOUS_DOWN -> "check the rendezvous machine, or: peerwall network --rendezvous";
      case RENDEZVOUS_KEY_CHANGED ->
          "if its operator confirms the new key: peerwall network --rendezvous HOST:PORT#NEW-ID";
      case CAMERA_OFFLINE ->
          "check that the camera runs and has 'camera serve --rendezvous' set to this rendezvous";
      case WRONG_CAMERA_VIA_RENDEZVOUS -> "the rendezvous may be hostile: check its operator";
      case NOT_ANSWERING -> "check the camera, or set a rendezvous: peerwall network --rendezvous";
      case TURN_REFUSED -> "check the TURN server's secret on the rendezvous, or peerwall network";
      case SERVERS_SILENT -> "check the STUN/TURN servers (docs/self-hosting.md: ports to open)";
      case NO_NETWORK -> "connect this computer to a network";
      default -> "";
    };
  }
}
