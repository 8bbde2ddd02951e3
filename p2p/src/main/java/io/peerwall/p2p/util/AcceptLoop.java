package io.peerwall.p2p.util;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The accept loop of our TCP servers (signaling, rendezvous): hands each connection to a bounded
 * pool and, when the pool is full, to {@code refuse} on the accepting thread (which must answer
 * quickly and close the socket). Ends when the server socket is closed.
 */
public final class AcceptLoop {
  private AcceptLoop() {}

  /**
   * Accepts until {@code closed} is true or the socket fails.
   *
   * @param what the server's name in log lines ("signaling", "rendezvous")
   */
  public static void run(
      ServerSocket serverSocket,
      BooleanSupplier closed,
      Executor pool,
      Consumer<Socket> serve,
      Consumer<Socket> refuse,
      Logger log,
      String what) {
    while (!closed.getAsBoolean()) {
      Socket s;
      try {
        s = serverSocket.accept();
      } catch (IOException e) {
        if (!closed.getAsBoolean()) {
          log.warn("{} accept failed: {}", what, e.toString());
        }
        return;
      }
      try {
        pool.execute(() -> serve.accept(s));
      } catch (RejectedExecutionException e) {
        log.warn("{}: refusing {} (too many connections)", what, s.getRemoteSocketAddress());
        refuse.accept(s);
      }
    }
  }
}
