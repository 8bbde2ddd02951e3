package io.peerwall.p2p.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deadline of a line over a real TCP connection: dripping does not extend it. */
@Timeout(20)
class BoundedLineReaderTest {
  @Test
  void aLineDrippedSlowerThanItsDeadlineTimesOutAndALineCutByATimeoutIsKept() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket peer = new Socket()) {
      peer.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      try (Socket ours = server.accept()) {
        BoundedLineReader reader = new BoundedLineReader(ours.getInputStream(), 1024);
        OutputStream out = peer.getOutputStream();
        Thread drip =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 30; i++) { // 3 s of one byte every 100 ms
                      out.write('a');
                      out.flush();
                      Thread.sleep(100);
                    }
                  } catch (Exception e) {
                    // the test is over
                  }
                },
                "test-drip");
        drip.start();
        long t0 = System.nanoTime();
        assertThatThrownBy(
                () -> reader.readLine(System.nanoTime() + 700_000_000L, ours::setSoTimeout))
            .isInstanceOf(SocketTimeoutException.class);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("each byte did not restart the clock").isBetween(650L, 1200L);
        drip.join();
        out.write("bc\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line = reader.readLine(System.nanoTime() + 2_000_000_000L, ours::setSoTimeout);
        assertThat(line).isEqualTo("a".repeat(30) + "bc");
      }
    }
  }
}
