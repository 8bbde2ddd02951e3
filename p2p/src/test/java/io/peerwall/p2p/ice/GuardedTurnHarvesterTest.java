package io.peerwall.p2p.ice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.stack.TransactionID;
import org.junit.jupiter.api.Test;

/**
 * Which TURN answers make {@link GuardedTurnHarvester.GuardedSocket} give up on a peer. The whole
 * path (coturn refusing private peers, relay session still live, one request per refused peer) is
 * {@code NatLabTest#turnServerRefusingPrivatePeersIsAskedOnce}.
 */
class GuardedTurnHarvesterTest {
  private static final TransportAddress PEER =
      new TransportAddress(ip("10.1.0.2"), 40000, Transport.UDP);

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Request createPermission() throws Exception {
    byte[] tid = TransactionID.createNewTransactionID().getBytes();
    Request r = MessageFactory.createCreatePermissionRequest(PEER, tid);
    r.setTransactionID(tid);
    return r;
  }

  @Test
  void errorResponseToCreatePermissionRefusesThePeerIp() throws Exception {
    assertThat(
            GuardedTurnHarvester.GuardedSocket.refusedPeer(
                MessageFactory.createCreatePermissionErrorResponse((char) 403), createPermission()))
        .isEqualTo(PEER.getAddress());
  }

  @Test
  void successTimeoutAndOtherRequestsRefuseNothing() throws Exception {
    Request cp = createPermission();
    assertThat(
            GuardedTurnHarvester.GuardedSocket.refusedPeer(
                MessageFactory.createCreatePermissionResponse(), cp))
        .isNull();
    assertThat(GuardedTurnHarvester.GuardedSocket.refusedPeer(null, cp)).isNull();
    byte[] tid = TransactionID.createNewTransactionID().getBytes();
    Request bind = MessageFactory.createChannelBindRequest((char) 0x4000, PEER, tid);
    bind.setTransactionID(tid);
    assertThat(
            GuardedTurnHarvester.GuardedSocket.refusedPeer(
                MessageFactory.createCreatePermissionErrorResponse((char) 403), bind))
        .isNull();
  }
}
