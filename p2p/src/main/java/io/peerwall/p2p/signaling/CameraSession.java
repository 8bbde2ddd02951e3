package io.peerwall.p2p.signaling;

import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.SelectedPath;
import io.peerwall.p2p.media.MediaSender;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One connected station, as the camera sees it: an {@link IceSession} (ICE-controlled) and a {@link
 * MediaSender} on its transport. Created by {@link SignalingServer}; the owner sends frames through
 * {@link #sender()} and may {@link #close()} it at any time.
 */
public final class CameraSession implements AutoCloseable {
  private final String id;
  private final SignalingConnection connection;
  private final IceSession ice;
  private final MediaSender sender;
  private final BiConsumer<CameraSession, String> onEnded;
  private final AtomicBoolean closed = new AtomicBoolean();

  CameraSession(
      String id,
      SignalingConnection connection,
      IceSession ice,
      MediaSender sender,
      BiConsumer<CameraSession, String> onEnded) {
    this.id = id;
    this.connection = connection;
    this.ice = ice;
    this.sender = sender;
    this.onEnded = onEnded;
  }

  public String id() {
    return id;
  }

  /** Where the station's signaling connection comes from. */
  public SocketAddress remoteSignalingAddress() {
    return connection.remote();
  }

  public MediaSender sender() {
    return sender;
  }

  public IceSession iceSession() {
    return ice;
  }

  public SelectedPath selectedPath() {
    return ice.selectedPath();
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Ends the session: bye to the station, sender and ICE closed. Idempotent. */
  @Override
  public void close() {
    end("closed by camera");
  }

  /** Runs once: stops media, says bye, closes ICE and the connection, notifies. */
  void end(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sender.close();
    connection.trySend(new Bye(reason));
    connection.close();
    ice.close();
    onEnded.accept(this, reason);
  }
}
