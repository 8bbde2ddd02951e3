package io.peerwall.p2p.rendezvous;

import io.peerwall.p2p.rendezvous.RendezvousMessage.Close;
import io.peerwall.p2p.rendezvous.RendezvousMessage.Data;
import io.peerwall.p2p.signaling.MessageChannel;
import io.peerwall.p2p.signaling.SignalingCodec;
import io.peerwall.p2p.signaling.SignalingMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One signaling conversation carried by a rendezvous: the same {@link MessageChannel} the signaling
 * code uses for TCP, so pairing and sessions run unchanged through a relay. Inbound lines queue
 * here (bounded; a peer that floods fills it and the channel is closed).
 */
final class RelayedChannel implements MessageChannel {
  private static final String CLOSED = "\u0000closed";
  private final RendezvousLink link;
  private final long channel;
  private final String source;
  private final String admissionKey;
  private final String cameraId;
  private final BlockingQueue<String> inbound = new ArrayBlockingQueue<>(64);
  private volatile boolean closed;
  private volatile boolean heardAnything;
  private volatile String closeReason;
  private volatile boolean ownsLink;

  /**
   * @param source the link's tag and the channel number (logs, the pairing throttle)
   * @param admissionKey the link's tag: all channels of one rendezvous share one address's share
   * @param cameraId the camera a station opened this channel to (null on the camera's side)
   */
  RelayedChannel(
      RendezvousLink link, long channel, String source, String admissionKey, String cameraId) {
    this.link = link;
    this.channel = channel;
    this.source = source;
    this.admissionKey = admissionKey;
    this.cameraId = cameraId;
  }

  long id() {
    return channel;
  }

  /** Closing this channel closes its link too (a link opened for this one conversation). */
  void ownLink() {
    ownsLink = true;
  }

  /** Called by the link's reader thread. */
  void deliver(String line) {
    heardAnything = true;
    if (!inbound.offer(line)) {
      close(); // flooding peer
    }
  }

  /** Called by the link when the far end or the rendezvous closed the channel. */
  void remoteClosed(String reason) {
    closeReason = reason;
    closed = true;
    inbound.offer(CLOSED);
  }

  @Override
  public SignalingMessage read(int timeoutMillis) throws IOException {
    String line;
    try {
      line = inbound.poll(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    if (line == null) {
      if (closed && inbound.isEmpty()) {
        return closedRead();
      }
      throw new SocketTimeoutException("no message within " + timeoutMillis + " ms");
    }
    if (line == CLOSED) {
      inbound.offer(CLOSED); // stay closed for later reads
      return closedRead();
    }
    return SignalingCodec.decode(line);
  }

  /**
   * End of the channel: null (the peer closed), unless the rendezvous refused to open it because
   * the camera is not registered there, which the station must be able to tell apart.
   */
  private SignalingMessage closedRead() throws RendezvousException {
    if (!heardAnything && cameraId != null && "unknown-id".equals(closeReason)) {
      throw new RendezvousException(
          RendezvousException.Kind.CAMERA_NOT_REGISTERED,
          "camera "
              + cameraId
              + " is not registered with the rendezvous: it is offline, or uses another one");
    }
    return null;
  }

  @Override
  public void send(SignalingMessage m) throws IOException {
    if (closed) {
      throw new IOException("relayed channel closed");
    }
    link.send(new Data(channel, SignalingCodec.encode(m)));
  }

  @Override
  public void trySend(SignalingMessage m) {
    try {
      send(m);
    } catch (IOException | RuntimeException e) {
      // the far end may be gone already
    }
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String admissionKey() {
    return admissionKey;
  }

  @Override
  public boolean essential() {
    return false;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inbound.offer(CLOSED);
      link.channelClosed(this);
      try {
        link.send(new Close(channel, "closed"));
      } catch (IOException e) {
        // link already down
      }
    }
    if (ownsLink) {
      link.close();
    }
  }
}
