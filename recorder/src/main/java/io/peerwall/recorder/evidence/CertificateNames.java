package io.peerwall.recorder.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/** Reads what a station's signing certificate says: its station name and ID, its RSA key. */
final class CertificateNames {
  /** A certificate larger than this is not one of ours (a 3072-bit one is ~1 KB). */
  static final int MAX_DER = 16 * 1024;

  private CertificateNames() {}

  static X509Certificate parse(byte[] der) throws GeneralSecurityException {
    if (der.length > MAX_DER) {
      throw new GeneralSecurityException("certificate too large");
    }
    try {
      return (X509Certificate)
          StationSigningKey.x509().generateCertificate(new ByteArrayInputStream(der));
    } catch (RuntimeException e) {
      throw new GeneralSecurityException("not a certificate", e);
    }
  }

  /** The station ID: the SAN URI {@code peerwall:station:ID}, else the serial-number attribute. */
  static String stationId(X509Certificate cert) {
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          if (n.size() == 2
              && Integer.valueOf(6).equals(n.get(0))
              && n.get(1) instanceof String uri
              && uri.startsWith(OnvifBoxes.STATION_URL)) {
            return uri.substring(OnvifBoxes.STATION_URL.length());
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // fall through to the subject
    }
    return attribute(cert, BCStyle.SERIALNUMBER);
  }

  /** The subject as people read it: {@code CN=…,O=…,SERIALNUMBER=…}. */
  static String subject(X509Certificate cert) {
    try {
      return X500Name.getInstance(BCStyle.INSTANCE, cert.getSubjectX500Principal().getEncoded())
          .toString();
    } catch (RuntimeException e) {
      return cert.getSubjectX500Principal().getName();
    }
  }

  static String stationName(X509Certificate cert) {
    return attribute(cert, BCStyle.CN);
  }

  private static String attribute(
      X509Certificate cert, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
    try {
      X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
      RDN[] rdns = name.getRDNs(oid);
      return rdns.length == 0 ? "" : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** The certificate's RSA public key, for the PSS verifier; null if it is not RSA. */
  static RSAKeyParameters publicParameters(X509Certificate cert) {
    try {
      return PublicKeyFactory.createKey(cert.getPublicKey().getEncoded())
              instanceof RSAKeyParameters rsa
          ? rsa
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
