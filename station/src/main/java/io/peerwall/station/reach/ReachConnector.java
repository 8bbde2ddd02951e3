package io.peerwall.station.reach;

import io.peerwall.p2p.EncodedFrame;
import io.peerwall.p2p.FailureReason;
import io.peerwall.p2p.ice.LocalAddressWatch;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.rendezvous.RendezvousException;
import io.peerwall.p2p.signaling.MessageChannel;
import io.peerwall.p2p.signaling.SignalingClient;
import io.peerwall.p2p.signaling.SignalingException;
import io.peerwall.p2p.signaling.SignalingMessage.Hello;
import io.peerwall.p2p.signaling.StationSession;
import io.peerwall.station.feed.FeedProblem;
import io.peerwall.station.feed.ReachFailure;
import io.peerwall.station.feed.SessionSupervisor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches one paired camera by its ID, for its feed's {@link SessionSupervisor}: every attempt
 * tries the ways to it at once, happy-eyeballs style (RFC 8305), and keeps the first that answers
 * with the paired camera's hello: the way that worked last first, the others {@link #HEAD_START}
 * later (or as soon as the one before failed), so a camera on the LAN is never slowed by the
 * rendezvous and a camera away from home never waits for a LAN timeout. What worked is remembered:
 * first for the next attempt, and the address it answered on in the station's {@code cameras.json}.
 *
 * <p>The ways: the LAN address mDNS saw ({@link LanDirectory}, browsed again soon when the camera
 * was not there), the last address that worked, and the rendezvous. None at all is a {@link
 * FeedProblem.Kind#NO_ROUTE} with the command that sets a rendezvous. When every way failed, the
 * failure says how each did; another identity answering at the camera's address is a changed key
 * (decision 0070), the rendezvous putting the station through to another camera is a retried
 * problem of the rendezvous (it may be hostile, and a later attempt may reach the camera).
 *
 * <p>Threads: the attempts run on the station's {@code station-reach-N} threads; {@link #connect}
 * waits on the supervisor's thread.
 */
public final class ReachConnector implements SessionSupervisor.Connector {
  /** How long the preferred way has before the next one starts. */
  public static final Duration HEAD_START = Duration.ofMillis(250);

  /** How long one way may take to say hello. */
  static final Duration HELLO_TIMEOUT = Duration.ofSeconds(4);

  /** How long an attempt waits for any way at most. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(9);

  private static final Logger log = LoggerFactory.getLogger(ReachConnector.class);

  private final String cameraId;
  private final String name;
  private final StationReach reach;
  private volatile InetSocketAddress lastAddress;
  private volatile Route.Kind preferred;
  private volatile Route current;
  private volatile StationSession session;
  private volatile Runnable onNetworkChange = () -> {};

  ReachConnector(String cameraId, String name, InetSocketAddress lastAddress, StationReach reach) {
    this.cameraId = Objects.requireNonNull(cameraId);
    this.name = Objects.requireNonNull(name);
    this.lastAddress = lastAddress;
    this.reach = reach;
  }

  /** What to do when the station's network changed (its feed retries at once). */
  public void onNetworkChange(Runnable action) {
    this.onNetworkChange = Objects.requireNonNull(action);
  }

  /** How the live (or last) session reached the camera: LAN, address, rendezvous; or null. */
  public Route route() {
    return current;
  }

  /** The ways to try now, the one that worked last first. */
  List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    InetSocketAddress onLan = reach.lan().addressOf(cameraId);
    if (onLan != null) {
      routes.add(new Route(Route.Kind.LAN, onLan));
    }
    InetSocketAddress last = lastAddress;
    if (last != null && !last.equals(onLan)) {
      routes.add(new Route(Route.Kind.ADDRESS, last));
    }
    if (reach.rendezvous() != null) {
      try {
        routes.add(new Route(Route.Kind.RENDEZVOUS, reach.rendezvous().address().resolve()));
      } catch (java.net.UnknownHostException e) {
        // Kept as a way that fails, so the failure names the rendezvous and why.
        routes.add(
            new Route(
                Route.Kind.RENDEZVOUS,
                InetSocketAddress.createUnresolved(
                    reach.rendezvous().address().host(), reach.rendezvous().address().port())));
      }
    }
    Route.Kind first = preferred;
    if (first != null) {
      routes.sort((a, b) -> Boolean.compare(b.kind() == first, a.kind() == first));
    }
    return routes;
  }

  @Override
  public StationSession connect(Consumer<EncodedFrame> frames) throws IOException {
    List<Route> routes = routes();
    if (routes.isEmpty()) {
      reach.lan().refreshSoon();
      throw new ReachFailure(
          new FeedProblem(
              FeedProblem.Kind.NO_ROUTE,
              reach.lan().enabled()
                  ? "not announced on this station's LAN, no address known"
                  : "no LAN discovery (peerwall network --lan) and no address known"),
          "camera " + cameraId + " is not on this network and no rendezvous is set",
          null);
    }
    Answer winner = race(routes);
    SignalingClient client = reach.clientFor(winner.route());
    StationSession s = client.connect(winner.channel(), winner.hello(), cameraId, frames);
    current = winner.route();
    preferred = winner.route().kind();
    if (winner.route().kind() != Route.Kind.RENDEZVOUS) {
      remember(winner.route().address());
    }
    session = s;
    log.info("{}: reached through {}", name, winner.route().describe());
    return s;
  }

  /** A way that answered with the paired camera's hello. */
  private record Answer(Route route, MessageChannel channel, Hello hello) {}

  /** How one way ended: a hello on its channel, or a failure. */
  private record Outcome(Route route, MessageChannel channel, Hello hello, IOException failure) {}

  /**
   * The outcomes of one attempt's ways. Once it is over, an outcome that still arrives (a way that
   * answered after another won, or after the attempt gave up) has its channel closed at once.
   */
  private static final class Race {
    private final BlockingQueue<Outcome> done = new LinkedBlockingQueue<>();
    private boolean over; // guarded by this

    synchronized void deliver(Outcome o) {
      if (over) {
        if (o.channel() != null) {
          o.channel().close();
        }
      } else {
        done.add(o);
      }
    }

    synchronized boolean over() {
      return over;
    }

    /** Ends the race: every outcome not taken has its channel closed, now or when it arrives. */
    synchronized void finish() {
      over = true;
      for (Outcome o; (o = done.poll()) != null; ) {
        if (o.channel() != null) {
          o.channel().close();
        }
      }
    }
  }

  private Answer race(List<Route> routes) throws IOException {
    Race race = new Race();
    List<Outcome> failed = new ArrayList<>();
    long deadline = System.nanoTime() + ATTEMPT_TIMEOUT.toNanos();
    long nextStart = System.nanoTime();
    int started = 0;
    int pending = 0;
    try {
      while (true) {
        long now = System.nanoTime();
        if (started < routes.size() && now >= nextStart) {
          Route r = routes.get(started++);
          pending++;
          try {
            reach.attempts().execute(() -> race.deliver(attempt(r, race)));
          } catch (RejectedExecutionException e) {
            throw new InterruptedIOException("the station is closing");
          }
          nextStart = now + HEAD_START.toNanos();
          continue;
        }
        if (pending == 0 && started == routes.size()) {
          break; // every way failed
        }
        if (now >= deadline) {
          break; // some ways still silent
        }
        long until = started < routes.size() ? Math.min(nextStart, deadline) : deadline;
        Outcome o = race.done.poll(Math.max(1, until - now), TimeUnit.NANOSECONDS);
        if (o == null) {
          continue;
        }
        pending--;
        if (o.hello() != null) {
          return new Answer(o.route(), o.channel(), o.hello());
        }
        failed.add(o);
        if (o.route().kind() != Route.Kind.RENDEZVOUS) {
          reach.lan().refreshSoon(); // the camera may have a new address on the LAN
        }
        nextStart = System.nanoTime(); // the next way starts now
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("closing");
    } finally {
      race.finish();
    }
    throw failure(failed, routes);
  }

  /** Opens one way and reads the hello; runs on a station-reach thread. */
  private Outcome attempt(Route route, Race race) {
    MessageChannel ch = null;
    try {
      if (route.address().isUnresolved()) {
        throw new RendezvousException(
            RendezvousException.Kind.UNREACHABLE,
            "rendezvous host " + route.address().getHostString() + " not found");
      }
      ch =
          route.kind() == Route.Kind.RENDEZVOUS
              ? reach.rendezvous().open(cameraId)
              : reach.clientFor(route).openChannel(route.address());
      Hello hello = SignalingClient.hello(ch, (int) HELLO_TIMEOUT.toMillis());
      String answered = idOf(hello);
      if (!cameraId.equals(answered)) {
        ch.close();
        return new Outcome(route, null, null, anotherCamera(route, answered));
      }
      if (race.over()) {
        ch.close(); // another way won meanwhile, or the attempt gave up
        return new Outcome(route, null, null, new IOException("another way answered first"));
      }
      return new Outcome(route, ch, hello, null);
    } catch (IOException e) {
      if (ch != null) {
        ch.close();
      }
      return new Outcome(route, null, null, e);
    } catch (RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      return new Outcome(route, null, null, new IOException(e.toString(), e));
    }
  }

  private static String idOf(Hello hello) throws SignalingException {
    try {
      return PublicIdentity.fromBase64(hello.cameraKey()).id();
    } catch (IllegalArgumentException e) {
      throw new SignalingException(FailureReason.REFUSED, "the camera's hello has a bad key", 0);
    }
  }

  private IOException anotherCamera(Route route, String answered) {
    String what =
        "another camera (ID "
            + answered
            + ") answers through "
            + route.describe()
            + " for "
            + cameraId;
    if (route.kind() == Route.Kind.RENDEZVOUS) {
      return new ReachFailure(
          new FeedProblem(FeedProblem.Kind.WRONG_CAMERA_VIA_RENDEZVOUS, what), what, null);
    }
    return new SignalingException(
        FailureReason.KEY_MISMATCH,
        what + ": it was reset or replaced, or is an impostor; pair it again if you trust it",
        0);
  }

  /** The failure of an attempt in which no way answered: the most telling one first. */
  private IOException failure(List<Outcome> failed, List<Route> routes) {
    StringBuilder how = new StringBuilder("camera " + cameraId + " could not be reached: ");
    List<String> parts = new ArrayList<>();
    for (Outcome o : failed) {
      parts.add(o.route().describe() + ": " + o.failure().getMessage());
    }
    if (failed.size() < routes.size()) {
      parts.add("no answer within " + ATTEMPT_TIMEOUT.toSeconds() + " s");
    }
    how.append(String.join("; ", parts));
    IOException keyChanged = null;
    Outcome viaRendezvous = null;
    for (Outcome o : failed) {
      if (o.failure() instanceof SignalingException se
          && se.reason() == FailureReason.KEY_MISMATCH
          && !(se instanceof RendezvousException)) {
        keyChanged = se;
      }
      if (o.route().kind() == Route.Kind.RENDEZVOUS) {
        viaRendezvous = o;
      }
    }
    if (keyChanged != null && viaRendezvous == null) {
      return keyChanged; // a refusal: another identity where the camera was paired
    }
    FeedProblem problem = new FeedProblem(FeedProblem.Kind.NOT_ANSWERING, how.toString());
    if (viaRendezvous != null) {
      // Away from home the rendezvous is the way that counts: its failure is the one to show.
      FeedProblem rendezvousSays = FeedProblem.of(viaRendezvous.failure());
      problem =
          rendezvousSays.kind() == FeedProblem.Kind.OTHER
              ? new FeedProblem(FeedProblem.Kind.RENDEZVOUS_DOWN, how.toString())
              : new FeedProblem(rendezvousSays.kind(), how.toString());
    }
    Throwable cause = viaRendezvous != null ? viaRendezvous.failure() : null;
    return new ReachFailure(problem, how.toString(), cause);
  }

  private void remember(InetSocketAddress address) {
    lastAddress = address;
    String hostPort = hostPort(address);
    try {
      reach.station().trust().updateAddress(cameraId, hostPort);
    } catch (UncheckedIOException e) {
      log.warn(
          "{}: answered at {}, but the paired cameras could not be saved: {}",
          name,
          hostPort,
          String.valueOf(e.getCause()));
    }
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * This machine's addresses changed: a live session whose address went away ends now ("network
   * changed"), and the feed tries again at once instead of after its backoff.
   */
  void networkChanged(LocalAddressWatch.Change change) {
    StationSession s = session;
    if (s != null && !s.isClosed()) {
      InetAddress local = s.selectedPath().localHost();
      if (local != null && change.gone().contains(local)) {
        log.info("{}: this station's address {} went away", name, local.getHostAddress());
        s.close("network changed: this station's address " + local.getHostAddress() + " is gone");
      }
    }
    onNetworkChange.run();
  }

  /** Stops telling this connector of network changes (its feed closed). */
  public void close() {
    reach.forget(this);
  }
}
