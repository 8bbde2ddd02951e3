package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.identity.Identity;
import io.peerwall.p2p.identity.PublicIdentity;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Challenge;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Close;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Data;
import io.peerwall.p2p.rendezvous.RendezvousMessage.IceRequest;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Open;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Ping;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Pong;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Register;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Registered;
import io.peerwall.p2p.signaling.BoundedLineReader;
import io.peerwall.p2p.util.AcceptLoop;
import io.peerwall.p2p.util.LogLimiter;
import io.peerwall.p2p.util.NamedThreadFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-hostable rendezvous ({@code peerwall rendezvous}): cameras keep a registration open,
 * stations open signaling channels to them by camera ID, and lines are relayed both ways. What it
 * checks: a registration must be signed over a fresh challenge by the key whose hash is the ID (so,
 * unlike CS2/Kalay, nobody can register as, and so hijack, another camera); everything else is
 * opaque to it. What it cannot do: read or forge pairing (SRP, nothing testable offline) or
 * sessions (signed offers/answers, DTLS with pinned keys), or see media (which flows peer to peer
 * or through TURN). Bounded: connections, channels per connection, line length, ICE requests per
 * connection; a client silent for {@link RendezvousConfig#idleLimit()} is dropped.
 *
 * <p>It also tells peers that proved their ID its STUN and TURN servers, with time-limited TURN
 * credentials minted from the secret it shares with the TURN servers, signed by its own key ({@link
 * IceServerGrants}).
 *
 * <p>Threads: {@code p2p-rdv-accept-<port>}, and {@code p2p-rdv-conn-<port>-<n>} per client
 * (bounded pool); all stopped by {@link #close()}.
 */
public final class RendezvousServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RendezvousServer.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_CHANNELS_PER_CLIENT = 64;
  private static final long ICE_REQUEST_BURST = 5;
  private static final long ICE_REQUEST_REFILL_NANOS = 10_000_000_000L;

  private final RendezvousConfig config;
  private final IceServerGrants grants;
  private final Map<String, Client> cameras = new ConcurrentHashMap<>();
  private final Map<Client, Boolean> clients = new ConcurrentHashMap<>();
  private final AtomicLong relayedLines = new AtomicLong();
  private final LogLimiter refusals = new LogLimiter(Duration.ofMinutes(1), 1024, System::nanoTime);
  private ServerSocket serverSocket;
  private ThreadPoolExecutor pool;
  private Thread acceptThread;
  private volatile boolean closed;

  /** A rendezvous with a fresh in-memory key and no ICE servers to hand out (tests, the lab). */
  public RendezvousServer(InetAddress bind, int port, int maxClients) {
    this(RendezvousConfig.of(bind, port, maxClients, Identity.generate()));
  }

  public RendezvousServer(RendezvousConfig config) {
    this.config = config;
    this.grants = new IceServerGrants(config);
  }

  /** The ID of the rendezvous's key: what peers pin ({@code host:port#ID}). */
  public String rendezvousId() {
    return config.identity().id();
  }

  public synchronized void start() throws IOException {
    ServerSocket ss = new ServerSocket();
    try {
      ss.bind(new InetSocketAddress(config.bind(), config.port()), 64);
    } catch (IOException e) {
      ss.close();
      throw new java.net.BindException(
          "rendezvous port "
              + config.port()
              + " on "
              + config.bind().getHostAddress()
              + " is in use or not bindable");
    }
    serverSocket = ss;
    int port = ss.getLocalPort();
    pool =
        new ThreadPoolExecutor(
            0,
            config.maxClients(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            NamedThreadFactory.numbered("p2p-rdv-conn-" + port));
    acceptThread = NamedThreadFactory.start("p2p-rdv-accept-" + port, this::acceptLoop);
    LOG.info(
        "rendezvous {} listening on {}:{}",
        config.identity().id(),
        config.bind().getHostAddress(),
        port);
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Cameras currently registered. */
  public int registeredCameras() {
    return cameras.size();
  }

  /** Signaling lines relayed since start. */
  public long relayedLines() {
    return relayedLines.get();
  }

  private void acceptLoop() {
    AcceptLoop.run(
        serverSocket,
        () -> closed,
        s -> {
          try {
            pool.execute(() -> serve(s));
          } catch (RejectedExecutionException e) {
            String from = String.valueOf(s.getInetAddress());
            long times = refusals.event(from);
            if (times > 0) {
              LOG.warn(
                  "rendezvous: refused {} connection(s) from {} (too many clients)", times, from);
            }
            try {
              s.close();
            } catch (IOException ignored) {
              // refusing anyway
            }
          }
        },
        LOG,
        "rendezvous");
  }

  /** One connected client (camera or station). */
  private final class Client {
    final Socket socket;
    final OutputStream out;
    final String challenge;

    /** Our channel id on this client → the route's far end. */
    final Map<Long, Route> routes = new ConcurrentHashMap<>();

    final AtomicLong nextChannel = new AtomicLong();
    volatile String cameraId;
    private long iceRequestTokens = ICE_REQUEST_BURST;
    private long lastRefillNanos = System.nanoTime();

    /**
     * At most a burst of 5 ICE requests, then one per 10 s, per connection (each costs a
     * signature).
     */
    synchronized boolean mayAskForIceServers() {
      long now = System.nanoTime();
      long refill = (now - lastRefillNanos) / ICE_REQUEST_REFILL_NANOS;
      if (refill > 0) {
        iceRequestTokens = Math.min(ICE_REQUEST_BURST, iceRequestTokens + refill);
        lastRefillNanos += refill * ICE_REQUEST_REFILL_NANOS;
      }
      if (iceRequestTokens == 0) {
        return false;
      }
      iceRequestTokens--;
      return true;
    }

    Client(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      byte[] n = new byte[24];
      RANDOM.nextBytes(n);
      this.challenge = Base64.getEncoder().encodeToString(n);
    }

    void send(RendezvousMessage m) {
      byte[] b = (RendezvousCodec.encode(m) + "\n").getBytes(StandardCharsets.UTF_8);
      synchronized (out) {
        try {
          out.write(b);
          out.flush();
        } catch (IOException e) {
          close();
        }
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("rendezvous: close {}", e.toString());
      }
    }
  }

  private record Route(Client peer, long peerChannel) {}

  private void serve(Socket s) {
    Client c;
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) config.idleLimit().toMillis());
      c = new Client(s);
    } catch (IOException e) {
      return;
    }
    clients.put(c, Boolean.TRUE);
    try {
      BoundedLineReader reader =
          new BoundedLineReader(
              new BufferedInputStream(s.getInputStream()), RendezvousCodec.MAX_LINE_BYTES);
      c.send(new Challenge(c.challenge, config.identity().publicIdentity().base64()));
      while (!closed) {
        String line = reader.readLine();
        if (line == null) {
          break;
        }
        RendezvousMessage m = RendezvousCodec.decode(line);
        if (m instanceof Register r) {
          register(c, r);
        } else if (m instanceof Open o) {
          open(c, o);
        } else if (m instanceof Data d) {
          Route r = c.routes.get(d.channel());
          if (r != null) {
            relayedLines.incrementAndGet();
            r.peer().send(new Data(r.peerChannel(), d.payload()));
          }
        } else if (m instanceof Close cl) {
          Route r = c.routes.remove(cl.channel());
          if (r != null) {
            r.peer().routes.remove(r.peerChannel());
            r.peer().send(new Close(r.peerChannel(), "closed"));
          }
        } else if (m instanceof IceRequest r) {
          if (!c.mayAskForIceServers()) {
            throw new IOException("too many ICE requests");
          }
          c.send(grants.answer(c.challenge, r));
        } else if (m instanceof Ping) {
          c.send(new Pong());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      if (!closed) {
        LOG.info("rendezvous: dropping {}: {}", s.getRemoteSocketAddress(), e.getMessage());
      }
    } finally {
      disconnect(c);
    }
  }

  private void register(Client c, Register r) throws IOException {
    PublicIdentity key;
    try {
      key = PublicIdentity.fromBase64(r.cameraKey());
    } catch (IllegalArgumentException e) {
      throw new IOException("bad camera key");
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(r.signature());
    } catch (IllegalArgumentException e) {
      throw new IOException("bad signature encoding");
    }
    if (!key.verify(RendezvousLink.registerBytes(c.challenge, key.id()), sig)) {
      LOG.warn("rendezvous: refused a registration for {} with a bad signature", key.id());
      throw new IOException("registration signature invalid");
    }
    c.cameraId = key.id();
    Client old = cameras.put(key.id(), c);
    if (old != null && old != c) {
      old.close(); // the key holder reconnected; its old connection is stale
    }
    c.send(new Registered(key.id()));
    LOG.info(
        "rendezvous: camera {} registered from {}", key.id(), c.socket.getRemoteSocketAddress());
  }

  private void open(Client station, Open o) {
    Client camera = cameras.get(o.cameraId());
    if (camera == null
        || station.routes.size() >= MAX_CHANNELS_PER_CLIENT
        || camera.routes.size() >= MAX_CHANNELS_PER_CLIENT
        || station.routes.containsKey(o.channel())) {
      station.send(new Close(o.channel(), camera == null ? "unknown-id" : "busy"));
      return;
    }
    long k = camera.nextChannel.incrementAndGet();
    station.routes.put(o.channel(), new Route(camera, k));
    camera.routes.put(k, new Route(station, o.channel()));
    camera.send(new Open(k, o.cameraId()));
  }

  private void disconnect(Client c) {
    clients.remove(c);
    if (c.cameraId != null) {
      cameras.remove(c.cameraId, c);
    }
    for (Map.Entry<Long, Route> e : c.routes.entrySet()) {
      Route r = e.getValue();
      r.peer().routes.remove(r.peerChannel());
      r.peer().send(new Close(r.peerChannel(), "peer left"));
    }
    c.routes.clear();
    c.close();
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (serverSocket != null) {
        serverSocket.close();
      }
    } catch (IOException e) {
      LOG.debug("rendezvous close: {}", e.toString());
    }
    clients.keySet().forEach(Client::close);
    if (pool != null) {
      pool.shutdownNow();
      try {
        pool.awaitTermination(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (acceptThread != null) {
      try {
        acceptThread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
