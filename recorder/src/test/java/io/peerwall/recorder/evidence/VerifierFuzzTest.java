package io.peerwall.recorder.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a signed export, aimed at what a parser trusts (box sizes and types, counts,
 * lengths inside the signing boxes and fragment indexes): the verifier always answers with a
 * verdict, never an exception, in bounded time.
 */
@Timeout(300)
class VerifierFuzzTest {
  private static final int CASES = 1500;

  @TempDir Path data;
  @TempDir Path work;

  @Test
  void randomDamageAlwaysGivesAVerdict() throws Exception {
    Fixtures.record(data, 6, u -> u);
    Path signed = work.resolve("signed.mp4");
    Fixtures.export(data, signed, 1, 5, Fixtures.signer());
    byte[] original = Files.readAllBytes(signed);
    List<Long> boxStarts = boxStarts(signed);
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    Path file = work.resolve("fuzzed.mp4");
    int authentic = 0;
    List<String> missed = new ArrayList<>();
    int[] seen = new int[3];
    for (int n = 0; n < CASES; n++) {
      byte[] b = mutate(original, boxStarts, random);
      Files.write(file, b);
      Verdict v;
      try {
        v = ExportVerifier.verify(file);
      } catch (Exception | StackOverflowError e) {
        throw new AssertionError("case " + n + " (seed " + seed + ") threw " + e, e);
      }
      assertThat(v).as("case %d, seed %d", n, seed).isNotNull();
      if (v instanceof Verdict.Authentic) {
        if (java.util.Arrays.equals(b, original)) {
          continue; // the "damage" wrote what was there
        }
        missed.add("byte " + java.util.Arrays.mismatch(b, original) + ", length " + b.length);
        authentic++;
        seen[0]++;
      } else if (v instanceof Verdict.NotSigned) {
        seen[1]++;
      } else {
        seen[2]++;
      }
    }
    // Every mutation changes at least one byte the signature covers, except a change inside the
    // signature box that happens to be undone: the signature must catch all the rest.
    assertThat(authentic).as("damaged files found AUTHENTIC (seed %d): %s", seed, missed).isZero();
    assertThat(seen[2]).as("NOT AUTHENTIC verdicts").isGreaterThan(CASES / 2);
  }

  private static byte[] mutate(byte[] original, List<Long> starts, Random r) {
    byte[] b = original.clone();
    int kind = r.nextInt(6);
    switch (kind) {
      case 0 -> { // a random byte
        int at = r.nextInt(b.length);
        b[at] = (byte) (b[at] ^ (1 + r.nextInt(255)));
      }
      case 1 -> { // a box size: zero, one, huge, small, off by a little
        int at = (int) (long) starts.get(r.nextInt(starts.size()));
        int[] sizes = {0, 1, 7, 8, 9, -1, Integer.MAX_VALUE, r.nextInt(), 16};
        ByteBuffer.wrap(b).putInt(at, sizes[r.nextInt(sizes.length)]);
      }
      case 2 -> { // a 64-bit size where a 32-bit one was
        int at = (int) (long) starts.get(r.nextInt(starts.size()));
        ByteBuffer.wrap(b).putInt(at, 1);
      }
      case 3 -> { // a counter or length just after a box header: entry counts, string lengths
        int at = (int) (long) starts.get(r.nextInt(starts.size())) + 8 + r.nextInt(16);
        if (at + 4 <= b.length) {
          ByteBuffer.wrap(b).putInt(at, r.nextBoolean() ? -1 : r.nextInt(1 << 20));
        }
      }
      case 4 -> { // cut anywhere
        return java.util.Arrays.copyOf(b, r.nextInt(b.length));
      }
      default -> { // a burst of noise in the signing boxes at the end
        int from = Math.max(0, b.length - 4096 + r.nextInt(4096));
        for (int i = from; i < Math.min(b.length, from + 1 + r.nextInt(32)); i++) {
          b[i] = (byte) r.nextInt(256);
        }
      }
    }
    return b;
  }

  /** Offsets of every box header the verifier reads (top level, meta, moov, moof levels). */
  private static List<Long> boxStarts(Path file) throws Exception {
    List<Long> starts = new ArrayList<>();
    try (var c = java.nio.channels.FileChannel.open(file)) {
      BoxReader r = new BoxReader(c);
      collect(r, r.topLevel(), starts, 0);
    }
    return starts;
  }

  private static void collect(BoxReader r, List<Box> boxes, List<Long> starts, int depth)
      throws Exception {
    for (Box b : boxes) {
      starts.add(b.offset());
      int skip =
          switch (b.type()) {
            case "meta" -> 4;
            case "ipro" -> 6;
            case "moov", "trak", "mdia", "minf", "stbl", "moof", "traf", "sinf", "schi" -> 0;
            default -> -1;
          };
      if (skip >= 0 && depth < 6) {
        collect(r, r.children(b, skip), starts, depth + 1);
      }
    }
  }
}
