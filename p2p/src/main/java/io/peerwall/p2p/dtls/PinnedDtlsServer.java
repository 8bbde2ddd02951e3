package io.peerwall.p2p.dtls;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.IOException;
import java.util.Hashtable;
import java.util.function.Predicate;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The camera's DTLS 1.2 server: requires a client certificate (mutual authentication), accepts the
 * station only if its key is the one the session's signed offer named and that station is paired,
 * authenticates itself with the camera's identity key and exports the SRTP keying material.
 */
final class PinnedDtlsServer extends DefaultTlsServer {
  private final BcTlsCrypto crypto;
  private final Identity own;
  private final Predicate<PublicIdentity> authorized;
  private final int timeoutMillis;
  volatile PublicIdentity peer;
  volatile boolean notAuthorized;
  volatile byte[] srtpKeyingMaterial;

  PinnedDtlsServer(
      BcTlsCrypto crypto, Identity own, Predicate<PublicIdentity> authorized, int timeoutMillis) {
    super(crypto);
    this.crypto = crypto;
    this.own = own;
    this.authorized = authorized;
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
  @SuppressWarnings("rawtypes")
  public void processClientExtensions(Hashtable clientExtensions) throws IOException {
    super.processClientExtensions(clientExtensions);
    DtlsSetup.requireUseSrtp(clientExtensions);
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Hashtable getServerExtensions() throws IOException {
    Hashtable ext = super.getServerExtensions();
    DtlsSetup.addUseSrtp(ext);
    return ext;
  }

  @Override
  public CertificateRequest getCertificateRequest() {
    return new CertificateRequest(
        new short[] {ClientCertificateType.ecdsa_sign}, DtlsSetup.signatureAlgorithms(), null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    if (clientCertificate == null || clientCertificate.isEmpty()) {
      notAuthorized = true;
      throw new TlsFatalAlert(AlertDescription.bad_certificate, "no station certificate");
    }
    PublicIdentity presented;
    try {
      presented = SelfSignedCertificate.keyOf(clientCertificate.getCertificateAt(0).getEncoded());
    } catch (IllegalArgumentException e) {
      notAuthorized = true;
      throw new TlsFatalAlert(AlertDescription.bad_certificate, e.getMessage());
    }
    if (!authorized.test(presented)) {
      notAuthorized = true;
      throw new TlsFatalAlert(AlertDescription.access_denied, "station not paired");
    }
    peer = presented;
  }

  @Override
  protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
    Certificate cert = DtlsSetup.certificate(crypto, own);
    return DtlsSetup.signer(context, crypto, own, cert);
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    srtpKeyingMaterial =
        context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeyMaterial.LENGTH);
  }
}
