package io.peerwall.p2p.dtls;

import io.peerwall.p2p.identity.Identity;
import java.io.IOException;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** What client and server share: suites, the SRTP profile, our certificate and signer. */
final class DtlsSetup {
  /** ECDHE with ECDSA authentication and an AEAD cipher; nothing else is offered or accepted. */
  static final int[] CIPHER_SUITES = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
  };

  /** RFC 5764 profile: the one every WebRTC endpoint supports. */
  static final int SRTP_PROFILE = SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80;

  static final SignatureAndHashAlgorithm ECDSA_SHA256 =
      SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

  /** First retransmission after 250 ms instead of BC's 1 s: the path is already proven by ICE. */
  static final int RESEND_MILLIS = 250;

  private DtlsSetup() {}

  static Certificate certificate(BcTlsCrypto crypto, Identity identity) throws IOException {
    TlsCertificate c = crypto.createCertificate(SelfSignedCertificate.create(identity));
    return new Certificate(new TlsCertificate[] {c});
  }

  static TlsCredentialedSigner signer(
      TlsContext context, BcTlsCrypto crypto, Identity identity, Certificate certificate) {
    return new BcDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context),
        crypto,
        identity.privateKeyForTls(),
        certificate,
        ECDSA_SHA256);
  }

  static Vector<SignatureAndHashAlgorithm> signatureAlgorithms() {
    Vector<SignatureAndHashAlgorithm> v = new Vector<>();
    v.add(ECDSA_SHA256);
    return v;
  }

  static void addUseSrtp(java.util.Hashtable<Integer, byte[]> extensions) throws IOException {
    TlsSRTPUtils.addUseSRTPExtension(
        extensions, new UseSRTPData(new int[] {SRTP_PROFILE}, new byte[0]));
  }

  /** Requires the peer's use_srtp extension to list (client) or select (server) our profile. */
  static void requireUseSrtp(java.util.Hashtable<?, ?> extensions) throws IOException {
    @SuppressWarnings("unchecked")
    UseSRTPData d =
        TlsSRTPUtils.getUseSRTPExtension((java.util.Hashtable<Integer, byte[]>) extensions);
    if (d == null) {
      throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer did not offer use_srtp");
    }
    for (int p : d.getProtectionProfiles()) {
      if (p == SRTP_PROFILE) {
        return;
      }
    }
    throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP profile");
  }
}
