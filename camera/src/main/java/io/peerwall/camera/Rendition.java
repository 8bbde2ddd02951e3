package io.peerwall.camera;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.VideoCodec;
import io.peerwall.decoder.VideoSource;
import io.peerwall.p2p.EncodedFrame;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream the camera offers ("main" or "sub"): its source (opened once, shared by every station
 * watching this stream), the latest GOP for stations that join, and the retrying starter. Units in
 * a codec the sessions cannot carry (only H.264 is packetized) are dropped and reported, as when an
 * IP camera is switched to H.265; a resolution change needs nothing: the new keyframe carries its
 * parameter sets and restarts the cached GOP. Every frame carries the stream's RTP payload type
 * (main 96, sub 97 by default), so a station whose session is switched between streams knows which
 * one each frame belongs to (decision 0035); the cached GOP keeps it too.
 */
final class Rendition implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Rendition.class);
  private static final long RTP_CLOCK_HZ = 90_000;

  final String stream;
  final VideoSource source;
  private final int payloadType;
  final GopCache gop = new GopCache();
  // Frames of this stream sent to stations (all sessions).
  final AtomicLong framesSent = new AtomicLong();
  private final SourceStarter starter;
  private volatile boolean cacheReady;
  private volatile String codecProblem = "";
  private VideoCodec lastCodec;
  private int lastSize;

  Rendition(String stream, int payloadType, VideoSource source, Consumer<Rendition.Unit> sink) {
    this.stream = stream;
    this.payloadType = payloadType;
    this.source = source;
    this.starter = new SourceStarter(source, u -> sink.accept(toUnit(u)));
  }

  /** A frame ready for the sessions, or null for a unit that cannot be sent. */
  record Unit(Rendition rendition, EncodedFrame frame) {}

  private Unit toUnit(AccessUnit u) {
    if (u.codec() != null && u.codec() != VideoCodec.H264) {
      if (lastCodec != u.codec()) {
        codecProblem =
            "the source now sends "
                + u.codec()
                + "; only H.264 can be served: set the camera to"
                + " H.264";
        log.warn("source '{}' ({} stream): {}", source.name(), stream, codecProblem);
      }
      lastCodec = u.codec();
      return new Unit(this, null);
    }
    if (lastCodec != null && lastCodec != VideoCodec.H264) {
      log.info("source '{}' ({} stream) is back to H.264", source.name(), stream);
      codecProblem = "";
    }
    lastCodec = u.codec();
    EncodedFrame frame =
        new EncodedFrame(
            u.data(),
            u.ptsMicros() * RTP_CLOCK_HZ / 1_000_000L,
            u.captureEpochMicros(),
            u.keyframe(),
            payloadType);
    if (u.keyframe()) {
      int size = source.health().width() * 10_000 + source.health().height();
      if (lastSize != 0 && size != lastSize && size != 0) {
        log.info(
            "source '{}' ({} stream) changed resolution to {}x{}",
            source.name(),
            stream,
            source.health().width(),
            source.health().height());
      }
      lastSize = size == 0 ? lastSize : size;
    }
    gop.add(frame);
    cacheReady = gop.hasKeyframe();
    return new Unit(this, frame);
  }

  void start() {
    starter.start();
  }

  boolean cacheReady() {
    return cacheReady;
  }

  List<EncodedFrame> cachedGop() {
    return gop.snapshot();
  }

  /** What keeps this stream from being served now (open failure, codec), empty if nothing. */
  String problem() {
    String p = starter.problem();
    return p.isEmpty() ? codecProblem : p;
  }

  @Override
  public void close() {
    starter.close();
    source.close();
  }
}
