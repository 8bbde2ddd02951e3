package io.peerwall.p2p.pairing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id settings for stretching a camera password before SRP (RFC 9106). The camera chooses them
 * when the password is set and sends them with the salt; the station must run the same.
 *
 * <p>Why these defaults (64 MiB, 3 passes, 1 lane): about a third of a second on one core of the
 * 2-core reference machine (pairing must stay under 2 s), while making an offline attack on a
 * stolen verifier cost 64 MiB of memory per guess. Limits on what a camera may ask for keep a
 * hostile camera from making the station allocate gigabytes.
 *
 * @param memoryKiB 8 MiB .. 256 MiB
 * @param iterations 1 .. 10
 * @param parallelism 1 .. 4
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
  public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

  /** Output length: the SRP "password" is this many stretched bytes. */
  public static final int OUTPUT = 32;

  public Argon2Params {
    if (memoryKiB < 8 * 1024 || memoryKiB > 256 * 1024) {
      throw new IllegalArgumentException("Argon2 memory must be 8..256 MiB");
    }
    if (iterations < 1 || iterations > 10) {
      throw new IllegalArgumentException("Argon2 iterations must be 1..10");
    }
    if (parallelism < 1 || parallelism > 4) {
      throw new IllegalArgumentException("Argon2 parallelism must be 1..4");
    }
  }

  /** Argon2id(password, salt) → 32 bytes. The password's UTF-8 copy is wiped afterwards. */
  public byte[] stretch(char[] password, byte[] salt) {
    Argon2Parameters p =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id) // explicit: the default is Argon2i
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .build();
    Argon2BytesGenerator g = new Argon2BytesGenerator();
    g.init(p);
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] pw = new byte[bb.remaining()];
    bb.get(pw);
    if (bb.hasArray()) {
      Arrays.fill(bb.array(), (byte) 0);
    }
    byte[] out = new byte[OUTPUT];
    try {
      g.generateBytes(pw, out);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
    return out;
  }
}
