package io.peerwall.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine: root, mount permission, network namespaces, iptables, coturn,
 * GStreamer's RTSP server, the ffmpeg CLI and its encoders. CI provides all of it ({@code .ci/run}
 * installs it), so under {@code CI=true} a missing requirement fails the test: a skip there would
 * only hide that the test never ran. Elsewhere (a developer's machine) the test is aborted,
 * reported as skipped with the reason. Every module's tests use this instead of {@code assumeTrue};
 * {@code .ci/run} also fails the run on any skip not listed in {@code .ci/allowed-skips.txt}.
 */
public final class Environment {
  private Environment() {}

  /** Whether this run is CI ({@code CI=true}, as GitHub Actions and most CI systems set it). */
  public static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Goes on if {@code met}; otherwise fails under CI and aborts elsewhere.
   *
   * @param missing what is missing and how to get it, e.g. "coturn is not installed (apt-get
   *     install coturn)"
   */
  public static void require(boolean met, String missing) {
    if (met) {
      return;
    }
    if (ci()) {
      fail("CI=true, but " + missing + ": CI provides this, so the test must run");
    }
    Assumptions.abort(missing);
  }
}
