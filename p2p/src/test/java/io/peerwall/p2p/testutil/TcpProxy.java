package io.peerwall.p2p.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback that can turn into a black hole: {@link #blackHoleExisting()} makes
 * every connection open now silently swallow what either side sends, without closing it: what a NAT
 * that dropped its mapping, or a peer whose address changed, looks like to TCP. Connections made
 * afterwards are forwarded normally. Threads {@code test-proxy-*}.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Link> links = new CopyOnWriteArrayList<>();

  private static final class Link {
    final Socket a;
    final Socket b;
    volatile boolean blackHole;

    Link(Socket a, Socket b) {
      this.a = a;
      this.b = b;
    }
  }

  public TcpProxy(InetSocketAddress target) throws IOException {
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    this.target = target;
    Thread t = new Thread(this::acceptLoop, "test-proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  /** How many connections were made through the proxy so far. */
  public int connections() {
    return links.size();
  }

  public void blackHoleExisting() {
    for (Link l : links) {
      l.blackHole = true;
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket a = server.accept();
        Socket b = new Socket(target.getAddress(), target.getPort());
        Link l = new Link(a, b);
        links.add(l);
        pump(l, a, b);
        pump(l, b, a);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Link l, Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (!l.blackHole) {
                    out.write(buf, 0, n);
                    out.flush();
                  }
                }
              } catch (IOException e) {
                // a side went away
              } finally {
                if (!l.blackHole) {
                  closeQuietly(from);
                  closeQuietly(to);
                }
              }
            },
            "test-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Link l : links) {
      closeQuietly(l.a);
      closeQuietly(l.b);
    }
  }
}
