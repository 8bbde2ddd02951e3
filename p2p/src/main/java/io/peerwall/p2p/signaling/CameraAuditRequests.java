package io.peerwall.p2p.signaling;

import io.peerwall.p2p.blocklist.BlocklistMatch;
import io.peerwall.p2p.control.ControlMessage;
import io.peerwall.p2p.control.ControlMessage.PasswordFactsReply;
import io.peerwall.p2p.control.ControlMessage.PasswordFactsRequest;
import io.peerwall.p2p.control.ControlMessage.Result;
import io.peerwall.p2p.control.ControlMessage.SiteKeyCreate;
import io.peerwall.p2p.control.ControlMessage.SiteKeyExport;
import io.peerwall.p2p.control.ControlMessage.SiteKeyImport;
import io.peerwall.p2p.control.ControlMessage.SiteKeySealed;
import io.peerwall.p2p.control.PasswordFacts;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.pairing.CameraCredentials;
import io.peerwall.p2p.pairing.PasswordAuditFacts;
import io.peerwall.p2p.sitekey.SiteKey;
import io.peerwall.p2p.sitekey.SiteKeyStore;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's answers to the audit requests of one authenticated station: its password facts, and
 * the site key steps (create, seal to another camera, take from another camera). Every site key
 * step is logged with the station that asked.
 */
final class CameraAuditRequests {
  private static final Logger LOG = LoggerFactory.getLogger(CameraAuditRequests.class);

  private final CameraCredentials credentials;
  private final String stationId;

  CameraAuditRequests(CameraCredentials credentials, String stationId) {
    this.credentials = credentials;
    this.stationId = stationId;
  }

  static boolean handles(ControlMessage m) {
    return m instanceof PasswordFactsRequest
        || m instanceof SiteKeyCreate
        || m instanceof SiteKeyExport
        || m instanceof SiteKeyImport;
  }

  /** The answer to send for {@code m} (one of {@link #handles}). */
  ControlMessage answer(ControlMessage m) {
    if (m instanceof PasswordFactsRequest r) {
      return new PasswordFactsReply(r.id(), wire(credentials.passwordFacts()));
    } else if (m instanceof SiteKeyCreate c) {
      try {
        SiteKey k = credentials.createSiteKey();
        LOG.info("station {}: site key {} in place", stationId, k.id());
        return new Result(c.id(), true, "");
      } catch (UncheckedIOException e) {
        return new Result(c.id(), false, "the camera could not store a site key");
      }
    } else if (m instanceof SiteKeyExport e) {
      try {
        PublicIdentity to = PublicIdentity.fromBase64(e.recipientKey());
        String envelope = credentials.exportSiteKey(to, stationId);
        LOG.info("station {}: sealed the site key to camera {}", stationId, to.id());
        return new SiteKeySealed(e.id(), envelope);
      } catch (IllegalArgumentException | IllegalStateException ex) {
        LOG.info("station {}: site key export refused: {}", stationId, ex.getMessage());
        return new Result(e.id(), false, ex.getMessage());
      }
    } else if (m instanceof SiteKeyImport i) {
      try {
        PublicIdentity from = PublicIdentity.fromBase64(i.senderKey());
        SiteKey k = credentials.importSiteKey(from, i.envelope());
        LOG.info("station {}: took site key {} from camera {}", stationId, k.id(), from.id());
        return new Result(i.id(), true, "");
      } catch (IllegalArgumentException | SiteKeyStore.AlreadyHasKeyException ex) {
        LOG.info("station {}: site key import refused: {}", stationId, ex.getMessage());
        return new Result(i.id(), false, ex.getMessage());
      } catch (UncheckedIOException ex) {
        return new Result(i.id(), false, "the camera could not store the site key");
      }
    }
    throw new IllegalArgumentException("not an audit request");
  }

  static PasswordFacts wire(PasswordAuditFacts f) {
    PasswordFacts.Password password =
        f.origin() == PasswordAuditFacts.Origin.UNSET
            ? null
            : new PasswordFacts.Password(
                f.setAtMillis(),
                f.origin().wire(),
                f.score() < 0 ? null : f.score(),
                f.length() < 0 ? null : f.length(),
                f.scan().wire());
    return new PasswordFacts(
        password,
        listing(f.listed(), f.listedAtMillis()),
        listing(f.lastRefused(), f.lastRefusedAtMillis()),
        new PasswordFacts.Reuse(
            f.reuse().wire(), f.siteKeyId(), f.reuseTag(), f.siteKeyExports(), f.lastExportTo()));
  }

  private static PasswordFacts.Listing listing(BlocklistMatch m, long at) {
    return m == null ? null : new PasswordFacts.Listing(m.list().id(), m.vendor(), at);
  }
}
