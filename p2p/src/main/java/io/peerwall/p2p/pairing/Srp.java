package io.peerwall.p2p.pairing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.agreement.srp.SRP6Client;
import org.bouncycastle.crypto.agreement.srp.SRP6Server;
import org.bouncycastle.crypto.agreement.srp.SRP6StandardGroups;
import org.bouncycastle.crypto.agreement.srp.SRP6VerifierGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.SRP6GroupParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * SRP-6a (RFC 5054) with the 3072-bit group and SHA-256, through Bouncy Castle. The SRP identity is
 * the camera ID; the SRP password is the Argon2id-stretched password, never the password itself.
 * Only this group is ever used: a peer cannot talk us down to a smaller one. Public for the pairing
 * exchange over signaling ({@code signaling.CameraPairing}, {@code signaling.StationPairing}).
 */
public final class Srp {
  static final SRP6GroupParameters GROUP = SRP6StandardGroups.rfc5054_3072;

  /** Bytes of a group element (A, B, S) on the wire: 3072 bits. */
  static final int ELEMENT_BYTES = (GROUP.getN().bitLength() + 7) / 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Srp() {}

  static BigInteger verifier(byte[] salt, String cameraId, byte[] stretched) {
    SRP6VerifierGenerator g = new SRP6VerifierGenerator();
    g.init(GROUP, new SHA256Digest());
    return g.generateVerifier(salt, cameraId.getBytes(StandardCharsets.US_ASCII), stretched);
  }

  /** Camera side: B from the verifier. */
  public static SRP6Server server(BigInteger verifier) {
    SRP6Server s = new SRP6Server();
    s.init(GROUP, verifier, new SHA256Digest(), RANDOM);
    return s;
  }

  public static SRP6Client client() {
    SRP6Client c = new SRP6Client();
    c.init(GROUP, new SHA256Digest(), RANDOM);
    return c;
  }

  /** Fixed-length big-endian encoding of a group element. */
  public static byte[] encode(BigInteger v) {
    return BigIntegers.asUnsignedByteArray(ELEMENT_BYTES, v);
  }

  /** Decodes a group element from the wire: exact length, 0 < v < N (RFC 5054 §2.5.4 checks). */
  public static BigInteger decode(byte[] b) throws CryptoException {
    if (b == null || b.length != ELEMENT_BYTES) {
      throw new CryptoException("SRP value has a wrong length");
    }
    BigInteger v = new BigInteger(1, b);
    if (v.signum() == 0 || v.mod(GROUP.getN()).signum() == 0 || v.compareTo(GROUP.getN()) >= 0) {
      throw new CryptoException("SRP value out of range");
    }
    return v;
  }
}
