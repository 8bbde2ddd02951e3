package io.peerwall.p2p.dtls;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The DTLS certificate of a peer: a bare self-signed X.509 wrapper around its long-term identity
 * key. Nothing in it is trusted except the key, which the other side compares with the key it
 * pinned at pairing (the WebRTC model, with the fingerprint replaced by the pinned key). Made fresh
 * for each session (one ECDSA signature), so no certificate file exists and none expires.
 */
final class SelfSignedCertificate {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long DAY_MS = 86_400_000L;

  private SelfSignedCertificate() {}

  /** DER encoding of a certificate for {@code identity}, valid from yesterday for 30 days. */
  static byte[] create(Identity identity) {
    try {
      AlgorithmIdentifier sigAlg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      X500Name name = new X500Name("CN=peerwall " + identity.id());
      long now = System.currentTimeMillis();
      V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
      g.setSerialNumber(new ASN1Integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)));
      g.setSignature(sigAlg);
      g.setIssuer(name);
      g.setSubject(name);
      g.setStartDate(new Time(new Date(now - DAY_MS)));
      g.setEndDate(new Time(new Date(now + 30 * DAY_MS)));
      g.setSubjectPublicKeyInfo(
          SubjectPublicKeyInfo.getInstance(identity.publicIdentity().encoded()));
      TBSCertificate tbs = g.generateTBSCertificate();
      byte[] sig = identity.sign(tbs.getEncoded(ASN1Encoding.DER));
      Certificate cert =
          Certificate.getInstance(
              new DERSequence(new ASN1Encodable[] {tbs, sigAlg, new DERBitString(sig)}));
      return cert.getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode certificate", e);
    }
  }

  /**
   * The public key inside a peer's certificate, validated as a P-256 key.
   *
   * @throws IllegalArgumentException if the certificate or its key is malformed
   */
  static PublicIdentity keyOf(byte[] der) {
    try {
      Certificate c = Certificate.getInstance(der);
      return PublicIdentity.fromEncoded(c.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("malformed peer certificate");
    }
  }
}
