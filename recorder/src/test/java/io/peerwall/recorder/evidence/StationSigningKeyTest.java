package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The station's signing key: made once, sealed at rest, named, fingerprinted. */
@Timeout(120)
class StationSigningKeyTest {
  @TempDir Path dir;

  @Test
  void madeOnceSealedAndNamingTheStation() throws Exception {
    byte[] sealing = Fixtures.sealingKey(Fixtures.STATION_ID);
    StationSigningKey made =
        StationSigningKey.loadOrCreate(dir, "Front desk", Fixtures.STATION_ID, sealing);
    StationSigningKey again =
        StationSigningKey.loadOrCreate(dir, "Renamed desk", Fixtures.STATION_ID, sealing);
    assertThat(again.fingerprint()).isEqualTo(made.fingerprint());
    assertThat(again.stationName()).isEqualTo("Front desk"); // the certificate keeps its name
    assertThat(made.fingerprint()).matches("([0-9A-F]{4} ){15}[0-9A-F]{4}");

    X509Certificate cert = made.certificate();
    assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    assertThat(CertificateNames.subject(cert))
        .contains("CN=Front desk", "SERIALNUMBER=" + Fixtures.STATION_ID);
    assertThat(cert.getSubjectAlternativeNames())
        .anySatisfy(n -> assertThat(n.get(1)).isEqualTo("peerwall:station:" + Fixtures.STATION_ID));
    cert.verify(cert.getPublicKey());

    // The fingerprint is what OpenSSL prints for the stored certificate.
    String openssl =
        Fixtures.run(
            "openssl",
            "x509",
            "-in",
            dir.resolve(StationSigningKey.CERT_FILE).toString(),
            "-noout",
            "-fingerprint",
            "-sha256");
    assertThat(
            StationSigningKey.sameFingerprint(
                openssl.substring(openssl.indexOf('=') + 1).trim(), made.fingerprint()))
        .isTrue();

    // At rest: owner-only, and not a readable private key.
    Path keyFile = dir.resolve(StationSigningKey.KEY_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    String stored = Files.readString(keyFile, StandardCharsets.US_ASCII);
    assertThat(stored)
        .startsWith("peerwall-sealed-export-signing-key-v1")
        .doesNotContain("PRIVATE");
    byte[] body = Base64.getMimeDecoder().decode(stored.substring(stored.indexOf('\n') + 1).trim());
    assertThatThrownBy(
            () -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(body)))
        .isInstanceOf(java.security.spec.InvalidKeySpecException.class);
    assertThat(made.toString()).doesNotContain("PRIVATE").contains(made.fingerprint());
  }

  @Test
  void aWrongIdentityOrAnotherStationIsRefusedAndNothingIsReplaced() throws Exception {
    byte[] sealing = Fixtures.sealingKey(Fixtures.STATION_ID);
    StationSigningKey made =
        StationSigningKey.loadOrCreate(dir, "Front desk", Fixtures.STATION_ID, sealing);
    byte[] before = Files.readAllBytes(dir.resolve(StationSigningKey.KEY_FILE));

    assertThatThrownBy(
            () ->
                StationSigningKey.loadOrCreate(
                    dir, "Front desk", Fixtures.STATION_ID, Fixtures.sealingKey("other")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot be unsealed");
    assertThatThrownBy(
            () -> StationSigningKey.loadOrCreate(dir, "Front desk", "ZZZZ-OTHER", sealing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("belongs to station " + Fixtures.STATION_ID);
    Files.delete(dir.resolve(StationSigningKey.CERT_FILE));
    assertThatThrownBy(
            () -> StationSigningKey.loadOrCreate(dir, "Front desk", Fixtures.STATION_ID, sealing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("incomplete");
    assertThat(Files.readAllBytes(dir.resolve(StationSigningKey.KEY_FILE))).isEqualTo(before);
    assertThat(made.fingerprint()).isNotBlank();
  }
}
