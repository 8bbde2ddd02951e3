package io.peerwall.p2p.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attacker holding a camera's signaling connections from one local address, over real TCP:
 * silent connections (they read the camera's hello and send nothing) and dripping ones (a byte
 * every 100 ms of a line that never ends). Each reconnects 50 ms after the camera drops or refuses
 * it, or never ({@code comeBack} false). Records how long every admitted connection was held.
 */
public final class Holders implements AutoCloseable {
  private final InetAddress from;
  private final InetSocketAddress camera;
  private final boolean comeBack;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final List<Long> heldSilentMillis = new CopyOnWriteArrayList<>();
  private final List<Long> heldDrippingMillis = new CopyOnWriteArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong admitted = new AtomicLong();
  private volatile boolean stopped;

  private Holders(InetAddress from, InetSocketAddress camera, boolean comeBack) {
    this.from = from;
    this.camera = camera;
    this.comeBack = comeBack;
  }

  /** Starts {@code silent} + {@code dripping} holders from {@code from}. */
  public static Holders start(
      InetAddress from, InetSocketAddress camera, int silent, int dripping, boolean comeBack) {
    Holders h = new Holders(from, camera, comeBack);
    for (int i = 0; i < silent + dripping; i++) {
      boolean drip = i >= silent;
      Thread t = new Thread(() -> h.hold(drip), "test-holder-" + from.getHostAddress() + "-" + i);
      t.setDaemon(true);
      h.threads.add(t);
      t.start();
    }
    return h;
  }

  private void hold(boolean drip) {
    while (!stopped) {
      try (Socket s = new Socket()) {
        open.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(camera, 2000);
        s.setSoTimeout(2000);
        String first = firstLine(s.getInputStream());
        if (first == null || !first.contains("\"type\":\"hello\"")) {
          refused.incrementAndGet(); // "busy", or closed at once
        } else {
          admitted.incrementAndGet();
          long t0 = System.nanoTime();
          holdUntilDropped(s, drip);
          (drip ? heldDrippingMillis : heldSilentMillis).add((System.nanoTime() - t0) / 1_000_000);
        }
      } catch (IOException e) {
        refused.incrementAndGet(); // reset by the camera, or the listen queue was full
      } finally {
        open.removeIf(Socket::isClosed);
      }
      if (!comeBack) {
        return;
      }
      pause(50);
    }
  }

  private void holdUntilDropped(Socket s, boolean drip) throws IOException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    s.setSoTimeout(100);
    byte[] buf = new byte[256];
    boolean started = false;
    while (!stopped) {
      if (drip) {
        out.write(started ? 'a' : '{'); // a line that never ends
        out.flush();
        started = true;
      }
      try {
        if (in.read(buf) < 0) {
          return; // the camera closed it
        }
      } catch (SocketTimeoutException e) {
        // still held
      }
    }
  }

  private static String firstLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.append((char) c);
    }
    return c < 0 && b.length() == 0 ? null : b.toString(); // the JSON we look for is ASCII
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long each admitted silent connection was held before the camera dropped it (ms). */
  public List<Long> heldSilentMillis() {
    return List.copyOf(heldSilentMillis);
  }

  /** The same for dripping connections. */
  public List<Long> heldDrippingMillis() {
    return List.copyOf(heldDrippingMillis);
  }

  /** Connections the camera refused (busy, closed at once, reset). */
  public long refused() {
    return refused.get();
  }

  /** Connections the camera admitted (it said hello). */
  public long admitted() {
    return admitted.get();
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    for (Thread t : threads) {
      t.join(3000);
    }
  }
}
