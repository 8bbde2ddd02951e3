package io.peerwall.p2p.ice;

import java.io.IOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ErrorCodeAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.RelayedCandidate;
import org.ice4j.ice.harvest.TurnCandidateHarvest;
import org.ice4j.ice.harvest.TurnCandidateHarvester;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.security.LongTermCredential;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.ice4j.socket.RelayedCandidateDatagramSocket;
import org.ice4j.stack.TransactionID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ice4j's TURN harvester with one defect of its relayed socket fixed: a peer address the TURN
 * server refuses is not asked for again and again.
 *
 * <p><b>The defect (ice4j 3.2, {@code RelayedCandidateDatagramSocket}).</b> Every datagram to a
 * peer without a permission makes the socket's send thread send a CreatePermission request. When
 * the server answers with an error (coturn: {@code 403 Forbidden IP} for a peer in its {@code
 * denied-peer-ip} ranges, the usual hardening that keeps a TURN server from being used to reach
 * private networks), ice4j marks the channel "not bound, not binding" and leaves the datagram
 * queued, so the send thread at once sends the next CreatePermission, for as long as the socket
 * lives. ICE pairs our relayed candidate with every remote candidate, including the peer's private
 * host addresses, so each relayed session against such a server ran a CreatePermission storm of
 * about 3000 requests per second per allocation (measured in the NAT lab, decision 0013).
 *
 * <p><b>The fix.</b> The relayed candidate gets a subclass of ice4j's socket (the same code
 * otherwise) that, on an error response to CreatePermission, remembers the peer's IP as refused and
 * does not hand the error to ice4j (so the channel stays "binding" and is never re-requested), and
 * drops datagrams to refused IPs before they are queued, as the network would have. Permissions are
 * per IP (RFC 8656 §9), so the refusal is per IP as well. Timeouts still go to ice4j (it retries
 * them with STUN's backoff, which is bounded).
 *
 * <p>It also records what the server answered to the Allocate ({@link IceServerStatus}: a refused
 * credential is not a timeout) and asks only from the host candidate routed towards the server
 * ({@link HarvestBases}).
 */
final class GuardedTurnHarvester extends TurnCandidateHarvester {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedTurnHarvester.class);

  private final ServerOutcomeRecorder recorder;
  private final HarvestBases bases;

  GuardedTurnHarvester(TransportAddress turnServer, LongTermCredential credential) {
    this(
        turnServer,
        credential,
        new ServerOutcomeRecorder(turnServer.toString(), IceServerStatus.Kind.TURN));
  }

  GuardedTurnHarvester(
      TransportAddress turnServer, LongTermCredential credential, ServerOutcomeRecorder recorder) {
    super(turnServer, credential);
    this.recorder = recorder;
    this.bases = new HarvestBases(turnServer);
  }

  @Override
  protected HostCandidate getHostCandidate(HostCandidate hostCand) {
    if (!bases.use(hostCand)) {
      return null;
    }
    recorder.asked();
    return super.getHostCandidate(hostCand);
  }

  @Override
  protected TurnCandidateHarvest createHarvest(HostCandidate hostCandidate) {
    return new Harvest(this, hostCandidate, recorder);
  }

  private static final class Harvest extends TurnCandidateHarvest {
    private final ServerOutcomeRecorder recorder;

    Harvest(
        TurnCandidateHarvester harvester,
        HostCandidate hostCandidate,
        ServerOutcomeRecorder recorder) {
      super(harvester, hostCandidate);
      this.recorder = recorder;
    }

    @Override
    protected boolean processErrorOrFailure(
        Response response, Request request, TransactionID transactionID) {
      if (request != null && request.getMessageType() == Message.ALLOCATE_REQUEST) {
        recorder.failed(response);
      }
      return super.processErrorOrFailure(response, request, transactionID);
    }

    @Override
    protected void processSuccess(Response response, Request request, TransactionID transactionID) {
      if (request != null && request.getMessageType() == Message.ALLOCATE_REQUEST) {
        recorder.succeeded();
      }
      super.processSuccess(response, request, transactionID);
    }

    @Override
    protected RelayedCandidate createRelayedCandidate(
        TransportAddress transportAddress, TransportAddress mappedAddress) {
      return new Relayed(transportAddress, this, mappedAddress);
    }
  }

  /** ice4j's relayed candidate, but with {@link GuardedSocket} as its socket. */
  private static final class Relayed extends RelayedCandidate {
    private final TurnCandidateHarvest harvest;
    private IceSocketWrapper socket;

    Relayed(
        TransportAddress transportAddress,
        TurnCandidateHarvest harvest,
        TransportAddress mappedAddress) {
      super(transportAddress, harvest, mappedAddress);
      this.harvest = harvest;
    }

    /** Same wiring as {@code RelayedCandidate#getCandidateIceSocketWrapper} of ice4j 3.2. */
    @Override
    public synchronized IceSocketWrapper getCandidateIceSocketWrapper() {
      if (socket == null) {
        try {
          socket =
              new IceUdpSocketWrapper(
                  new MultiplexingDatagramSocket(new GuardedSocket(this, harvest)));
        } catch (SocketException e) {
          throw new UndeclaredThrowableException(e);
        }
      }
      return socket;
    }
  }

  /** ice4j's relayed socket that gives up on peers the TURN server refuses. */
  static final class GuardedSocket extends RelayedCandidateDatagramSocket {
    private final Set<InetAddress> refused = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();

    GuardedSocket(RelayedCandidate candidate, TurnCandidateHarvest harvest) throws SocketException {
      super(candidate, harvest);
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
      if (p.getAddress() != null && refused.contains(p.getAddress())) {
        dropped.incrementAndGet();
        return; // the server will not relay to it; asking again would only repeat the refusal
      }
      super.send(p);
    }

    @Override
    public boolean processErrorOrFailure(Response response, Request request) {
      InetAddress peer = refusedPeer(response, request);
      if (peer != null) {
        if (refused.add(peer)) {
          LOG.info(
              "TURN server refused a permission for {} ({}); not relaying to it",
              peer.getHostAddress(),
              errorText(response));
        }
        return false; // not passed on: ice4j would re-request the permission at once, forever
      }
      return super.processErrorOrFailure(response, request);
    }

    /** The peer IP of a CreatePermission that got an error response, else null. */
    static InetAddress refusedPeer(Response response, Request request) {
      if (response == null
          || request == null
          || request.getMessageType() != Message.CREATEPERMISSION_REQUEST
          || response.isSuccessResponse()) {
        return null;
      }
      Attribute a = request.getAttribute(Attribute.XOR_PEER_ADDRESS);
      if (!(a instanceof XorPeerAddressAttribute)) {
        return null;
      }
      TransportAddress peer = ((XorPeerAddressAttribute) a).getAddress(request.getTransactionID());
      return peer == null ? null : peer.getAddress();
    }

    private static String errorText(Response response) {
      Attribute a = response.getAttribute(Attribute.ERROR_CODE);
      if (a instanceof ErrorCodeAttribute) {
        ErrorCodeAttribute e = (ErrorCodeAttribute) a;
        return "error " + (int) e.getErrorCode();
      }
      return "error response";
    }

    /** Datagrams dropped because their peer was refused. */
    long droppedToRefused() {
      return dropped.get();
    }

    boolean isRefused(InetAddress a) {
      return refused.contains(a);
    }
  }
}
