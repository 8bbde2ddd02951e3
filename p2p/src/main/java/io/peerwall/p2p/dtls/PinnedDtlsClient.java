package io.peerwall.p2p.dtls;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The station's DTLS 1.2 client: offers only ECDHE-ECDSA AEAD suites and use_srtp, accepts the
 * camera only if its certificate carries exactly the pinned key, authenticates itself with its own
 * identity key, and exports the SRTP keying material (RFC 5764 §4.2).
 */
final class PinnedDtlsClient extends DefaultTlsClient {
  private final BcTlsCrypto crypto;
  private final Identity own;
  private final PublicIdentity pinned;
  private final int timeoutMillis;
  volatile boolean keyMismatch;
  volatile byte[] srtpKeyingMaterial;

  PinnedDtlsClient(BcTlsCrypto crypto, Identity own, PublicIdentity pinned, int timeoutMillis) {
    super(crypto);
    this.crypto = crypto;
    this.own = own;
    this.pinned = pinned;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return ProtocolVersion.DTLSv12.only();
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    return DtlsSetup.CIPHER_SUITES.clone();
  }

  @Override
  public int getHandshakeTimeoutMillis() {
    return timeoutMillis;
  }

  @Override
  public int getHandshakeResendTimeMillis() {
    return DtlsSetup.RESEND_MILLIS;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getClientExtensions() throws IOException {
    Hashtable ext = super.getClientExtensions();
    DtlsSetup.addUseSrtp(ext);
    return ext;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public void processServerExtensions(Hashtable serverExtensions) throws IOException {
    super.processServerExtensions(serverExtensions);
    DtlsSetup.requireUseSrtp(serverExtensions);
  }

  @Override
  public TlsAuthentication getAuthentication() {
    return new TlsAuthentication() {
      @Override
      public void notifyServerCertificate(TlsServerCertificate serverCertificate)
          throws IOException {
        Certificate chain = serverCertificate.getCertificate();
        if (chain == null || chain.isEmpty()) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate, "no camera certificate");
        }
        PublicIdentity presented;
        try {
          presented = SelfSignedCertificate.keyOf(chain.getCertificateAt(0).getEncoded());
        } catch (IllegalArgumentException e) {
          throw new TlsFatalAlert(AlertDescription.bad_certificate, e.getMessage());
        }
        if (!pinned.sameKey(presented.encoded())) {
          keyMismatch = true;
          throw new TlsFatalAlert(AlertDescription.bad_certificate, "camera key is not the pinned");
        }
      }

      @Override
      public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
        Certificate cert = DtlsSetup.certificate(crypto, own);
        return DtlsSetup.signer(context, crypto, own, cert);
      }
    };
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    srtpKeyingMaterial =
        context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeyMaterial.LENGTH);
  }
}
