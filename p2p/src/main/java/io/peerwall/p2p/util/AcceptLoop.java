package io.peerwall.p2p.util;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The accept loop of our TCP servers (signaling, rendezvous): hands each connection to the server's
 * {@code onAccepted}, which decides at once (admit it to its pool, or refuse and close it) and must
 * not block. Ends only when the server socket is closed: a failing accept (out of file descriptors
 * under a flood) is logged at most once a minute and retried after a short pause, so the server
 * outlives it; so does an {@code onAccepted} that throws (logged, that connection closed).
 */
public final class AcceptLoop {
  private static final long MAX_PAUSE_MILLIS = 1_000;

  private AcceptLoop() {}

  /**
   * Accepts until {@code closed} is true or the socket is closed.
   *
   * @param what the server's name in log lines ("signaling", "rendezvous")
   */
  public static void run(
      ServerSocket serverSocket,
      BooleanSupplier closed,
      Consumer<Socket> onAccepted,
      Logger log,
      String what) {
    LogLimiter failures = new LogLimiter(Duration.ofMinutes(1), 2, System::nanoTime);
    long pause = 0;
    while (!closed.getAsBoolean()) {
      Socket s;
      try {
        s = serverSocket.accept();
        pause = 0;
      } catch (IOException e) {
        if (closed.getAsBoolean() || serverSocket.isClosed()) {
          return;
        }
        pause = Math.min(MAX_PAUSE_MILLIS, Math.max(10, pause * 2));
        long times = failures.event("accept");
        if (times > 0) {
          log.warn("{} accept failed ({} time(s)), retrying: {}", what, times, e.toString());
        }
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        continue;
      }
      try {
        onAccepted.accept(s);
      } catch (RuntimeException e) {
        long times = failures.event("handler");
        if (times > 0) {
          log.error("{}: handling an accepted connection failed ({} time(s))", what, times, e);
        }
        try {
          s.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }
}
