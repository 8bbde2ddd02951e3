package io.peerwall.p2p.testutil;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;

/** Asserts that no session-scoped thread (ours or ice4j's per-agent ones) is left running. */
public final class ThreadLeaks {
  private ThreadLeaks() {}

  public static List<String> sessionThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(
            n ->
                n.startsWith("p2p-")
                    || n.startsWith("MergingDatagramSocket reader")
                    || n.startsWith("IceConnector@"))
        .sorted()
        .collect(Collectors.toList());
  }

  /** Waits up to 3 s for all session threads to end, then asserts none is left. */
  public static void assertNone() throws InterruptedException {
    long deadline = System.nanoTime() + 3_000_000_000L;
    List<String> left = sessionThreads();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      left = sessionThreads();
    }
    assertThat(left).as("threads left running").isEmpty();
  }
}
