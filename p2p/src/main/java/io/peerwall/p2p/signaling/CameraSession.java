package io.peerwall.p2p.signaling;

import io.peerwall.p2p.control.ControlChannel;
import io.peerwall.p2p.dtls.DtlsSession;
import io.peerwall.p2p.ice.IceSession;
import io.peerwall.p2p.ice.IceSessionState;
import io.peerwall.p2p.ice.SelectedPath;
import io.peerwall.p2p.media.MediaSender;
import io.peerwall.p2p.pairing.PairedPeer;
import io.peerwall.p2p.signaling.SignalingMessage.Bye;
import io.peerwall.p2p.srtp.SrtpTransport;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One connected, authenticated station, as the camera sees it: an {@link IceSession}
 * (ICE-controlled), the DTLS association that proved the station's pinned key, SRTP on the ICE
 * pair, a {@link MediaSender} on top and the control channel. Created by {@link SignalingServer};
 * the owner sends frames through {@link #sender()} and may {@link #close()} it at any time.
 */
public final class CameraSession implements AutoCloseable {
  private final String id;
  private final MessageChannel connection;
  private final IceSession ice;
  private final DtlsSession dtls;
  private final SrtpTransport srtp;
  private final MediaSender sender;
  private final PairedPeer station;
  private final BiConsumer<CameraSession, String> onEnded;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ControlChannel control;
  private volatile Set<String> streams = Set.of("main");

  CameraSession(
      String id,
      MessageChannel connection,
      IceSession ice,
      DtlsSession dtls,
      SrtpTransport srtp,
      MediaSender sender,
      PairedPeer station,
      BiConsumer<CameraSession, String> onEnded) {
    this.id = id;
    this.connection = connection;
    this.ice = ice;
    this.dtls = dtls;
    this.srtp = srtp;
    this.sender = sender;
    this.station = station;
    this.onEnded = onEnded;
  }

  void attachControl(ControlChannel c) {
    this.control = c;
  }

  public String id() {
    return id;
  }

  /** Where the station's signaling comes from: an IP address, or "relay:…". */
  public String source() {
    return connection.source();
  }

  /** The authenticated station (its key was proven in the DTLS handshake). */
  public PairedPeer station() {
    return station;
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

  /** SRTP counters (tampered/replayed packets dropped). */
  public SrtpTransport srtp() {
    return srtp;
  }

  /** The streams the station asked for ({"main"} until it asks otherwise). */
  public Set<String> selectedStreams() {
    return streams;
  }

  void selectStreams(Set<String> s) {
    streams = Set.copyOf(s);
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** Ends the session: bye to the station, sender, DTLS and ICE closed. Idempotent. */
  @Override
  public void close() {
    end("closed by camera");
  }

  /** Runs once: stops media, says bye, closes DTLS, ICE and the connection, notifies. */
  void end(String reason) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ice.state() == IceSessionState.PATH_LOST) {
      reason = ice.reason(); // the cause, whichever layer noticed first (see IceSession)
    }
    sender.close();
    ControlChannel c = control;
    if (c != null) {
      c.close(reason);
    }
    dtls.close();
    connection.trySend(new Bye(reason));
    connection.close();
    ice.close();
    onEnded.accept(this, reason);
  }
}
