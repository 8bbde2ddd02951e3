package io.peerwall.p2p.testutil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A man in the middle of signaling, as a hostile rendezvous or network would be: relays JSON lines
 * between a station and a camera, passing each through a rewrite function (return null to drop),
 * and records what it saw. Loopback only; one connection at a time; threads {@code test-mitm-*}.
 */
public final class LineMitm implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress camera;
  private final UnaryOperator<String> toCamera;
  private final UnaryOperator<String> toStation;
  public final List<String> seenFromStation = new CopyOnWriteArrayList<>();
  public final List<String> seenFromCamera = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public LineMitm(
      InetSocketAddress camera, UnaryOperator<String> toCamera, UnaryOperator<String> toStation)
      throws IOException {
    this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    this.camera = camera;
    this.toCamera = toCamera;
    this.toStation = toStation;
    this.acceptor = new Thread(this::acceptLoop, "test-mitm-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket st = server.accept();
        Socket cam = new Socket(camera.getAddress(), camera.getPort());
        sockets.add(st);
        sockets.add(cam);
        pump(st, cam, toCamera, seenFromStation);
        pump(cam, st, toStation, seenFromCamera);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, UnaryOperator<String> f, List<String> seen) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
                OutputStream out = to.getOutputStream();
                String line;
                while ((line = in.readLine()) != null) {
                  seen.add(line);
                  String w = f.apply(line);
                  if (w != null) {
                    out.write((w + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // a side hung up
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException e) {
                  // closing anyway
                }
              }
            },
            "test-mitm-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
