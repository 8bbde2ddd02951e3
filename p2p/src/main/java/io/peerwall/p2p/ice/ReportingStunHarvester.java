package io.peerwall.p2p.ice;

import org.ice4j.TransportAddress;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.harvest.StunCandidateHarvest;
import org.ice4j.ice.harvest.StunCandidateHarvester;
import org.ice4j.message.Message;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.ice4j.stack.TransactionID;

/**
 * ice4j's STUN harvester that records whether the server answered ({@link IceServerStatus}) and
 * asks only from the host candidate routed towards the server ({@link HarvestBases}).
 */
final class ReportingStunHarvester extends StunCandidateHarvester {
  private final ServerOutcomeRecorder recorder;
  private final HarvestBases bases;

  ReportingStunHarvester(TransportAddress server, ServerOutcomeRecorder recorder) {
    super(server);
    this.recorder = recorder;
    this.bases = new HarvestBases(server);
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
  protected StunCandidateHarvest createHarvest(HostCandidate hostCandidate) {
    return new StunCandidateHarvest(this, hostCandidate) {
      @Override
      protected boolean processErrorOrFailure(
          Response response, Request request, TransactionID transactionID) {
        if (request != null && request.getMessageType() == Message.BINDING_REQUEST) {
          recorder.failed(response);
        }
        return super.processErrorOrFailure(response, request, transactionID);
      }

      @Override
      protected void processSuccess(
          Response response, Request request, TransactionID transactionID) {
        if (request != null && request.getMessageType() == Message.BINDING_REQUEST) {
          recorder.succeeded();
        }
        super.processSuccess(response, request, transactionID);
      }
    };
  }
}
