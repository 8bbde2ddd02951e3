package io.peerwall.p2p.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.nulabinc.zxcvbn.Zxcvbn;
import io.peerwall.p2p.pairing.Argon2Params;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What the blocklist costs a camera (a small box: the agent's heap is capped at 160 MB): building
 * it, one lookup (against zxcvbn's measure of the same passwords, the policy's other step, in the
 * same run), the heap it keeps, and the verifier scan's Argon2id time. Prints readable lines and,
 * last, one JSON object (docs/benchmarks.md, "Password blocklist"). The bounds are far above the
 * measured figures: they catch a blow-up (the list text kept, a linear scan), not noise.
 */
class BlocklistCostTest {
  private static final long HEAP_CAP = 160L * 1024 * 1024;

  @Test
  void buildingLookingUpAndKeepingTheBlocklistIsCheapForACamera() {
    Blocklist.standard(); // class loading, Jackson, the first read
    long[] loads = new long[5];
    for (int i = 0; i < loads.length; i++) {
      long t = System.nanoTime();
      Blocklist.load();
      loads[i] = System.nanoTime() - t;
    }
    Arrays.sort(loads);
    double loadMs = loads[loads.length / 2] / 1e6;

    Blocklist lists = Blocklist.standard();
    List<String> probes = new ArrayList<>(lists.verifierScanCandidates());
    int listed = probes.size();
    for (int i = 0; i < listed; i++) {
      probes.add("not a default " + i + " orchid lantern");
    }
    int hits = 0;
    for (int warm = 0; warm < 20_000; warm++) {
      hits += lists.match(probes.get(warm % probes.size())).isPresent() ? 1 : 0;
    }
    int n = 200_000;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      hits += lists.match(probes.get(i % probes.size())).isPresent() ? 1 : 0;
    }
    double lookupNs = (System.nanoTime() - t0) / (double) n;
    assertThat(hits).isPositive();

    Zxcvbn zxcvbn = new Zxcvbn();
    for (int warm = 0; warm < 200; warm++) {
      zxcvbn.measure(probes.get(warm % probes.size()));
    }
    int z = 2_000;
    long t1 = System.nanoTime();
    for (int i = 0; i < z; i++) {
      zxcvbn.measure(probes.get(i % probes.size()));
    }
    double zxcvbnNs = (System.nanoTime() - t1) / (double) z;

    long[] retained = new long[3];
    for (int i = 0; i < retained.length; i++) {
      long before = usedAfterGc();
      Blocklist kept = Blocklist.load();
      long after = usedAfterGc();
      retained[i] = after - before;
      assertThat(kept.size()).isEqualTo(lists.size());
    }
    Arrays.sort(retained);
    long retainedBytes = retained[1];

    long[] argon = new long[4]; // the first run warms up the JIT and is dropped
    for (int i = 0; i < argon.length; i++) {
      long a0 = System.nanoTime();
      Argon2Params.DEFAULT.stretch("orchid lantern seventy drifts".toCharArray(), new byte[16]);
      argon[i] = System.nanoTime() - a0;
    }
    long[] warm = Arrays.copyOfRange(argon, 1, argon.length);
    Arrays.sort(warm);
    double argonMs = warm[1] / 1e6;
    int candidates = lists.verifierScanCandidates().size();

    System.out.printf(
        Locale.ROOT,
        "blocklist: %d distinct passwords, built in %.1f ms (median of 5)%n",
        lists.size(),
        loadMs);
    System.out.printf(
        Locale.ROOT,
        "lookup %.0f ns, zxcvbn measure %.0f ns in the same run (ratio %.4f)%n",
        lookupNs,
        zxcvbnNs,
        lookupNs / zxcvbnNs);
    System.out.printf(
        Locale.ROOT,
        "heap kept %.0f KiB = %.3f %% of the agent's 160 MB heap%n",
        retainedBytes / 1024.0,
        100.0 * retainedBytes / HEAP_CAP);
    System.out.printf(
        Locale.ROOT,
        "verifier scan: %d candidates x %.0f ms (one default Argon2id run, median of 3) = ~%.0f s%n",
        candidates,
        argonMs,
        candidates * argonMs / 1000);
    System.out.printf(
        Locale.ROOT,
        "{\"distinct\":%d,\"loadMs\":%.1f,\"lookupNs\":%.0f,\"zxcvbnNs\":%.0f,"
            + "\"lookupToZxcvbn\":%.4f,\"retainedBytes\":%d,\"heapCapShare\":%.5f,"
            + "\"scanCandidates\":%d,\"argonDefaultMs\":%.0f,\"scanSecondsProjected\":%.1f}%n",
        lists.size(),
        loadMs,
        lookupNs,
        zxcvbnNs,
        lookupNs / zxcvbnNs,
        retainedBytes,
        (double) retainedBytes / HEAP_CAP,
        candidates,
        argonMs,
        candidates * argonMs / 1000);

    assertThat(loadMs).isLessThan(5_000);
    assertThat(lookupNs).isLessThan(50_000);
    assertThat(lookupNs).isLessThan(zxcvbnNs);
    assertThat(retainedBytes).isLessThan(8L * 1024 * 1024);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
