package io.peerwall.p2p.media;

import io.peerwall.p2p.rtp.H264Depacketizer;
import io.peerwall.p2p.rtp.H264Packetizer;
import java.time.Duration;

/**
 * RTP media settings shared by {@link MediaSender} and {@link MediaReceiver}. Both ends must agree
 * on the payload types and {@code captureTimeExtensionId} (fixed by our protocol for now; a later
 * SDP-style negotiation can carry them).
 *
 * <p>A session has one SSRC and one sequence space, and carries the set of renditions the station
 * asked for ("main", "sub" or both, see the control channel's SelectStreams; decision 0037), their
 * frames interleaved whole. Each rendition has its own payload type, set per packet, so every
 * received frame says which rendition it is (decision 0035): {@code payloadType} for the main
 * stream, {@code subPayloadType} for the sub stream. Both are H.264.
 *
 * @param mtu largest RTP packet (header included), 128..1500; default 1200
 * @param payloadType H.264 dynamic payload type of the main stream, default 96
 * @param subPayloadType H.264 dynamic payload type of the sub stream, default 97
 * @param captureTimeExtensionId RFC 8285 id for abs-capture-time, default 1 (URI {@value
 *     #ABS_CAPTURE_TIME_URI})
 * @param limits depacketizer bounds (max access unit 4 MiB, max 1024 NAL units, holes wait up to
 *     120 ms for a NACKed retransmission)
 * @param frameQueueCapacity frames buffered between the receive thread and the consumer
 * @param rtcpInterval period of SR (sender) / RR (receiver) reports
 * @param keyframeRequestInterval minimum spacing of PLIs while waiting for a keyframe
 * @param waitForKeyframe after a loss (and at start), drop delta frames until a keyframe arrives
 * @param retransmitBytesPerSecond the camera's NACK budget per session: resends spend a token
 *     bucket of this many bytes per second (capacity one second's worth); default {@value
 *     #DEFAULT_RETRANSMIT_BYTES_PER_SECOND} (2 Mbit/s, ten times what 5 % loss of a 4 Mbit/s stream
 *     needs)
 */
public record MediaConfig(
    int mtu,
    int payloadType,
    int subPayloadType,
    int captureTimeExtensionId,
    H264Depacketizer.Limits limits,
    int frameQueueCapacity,
    Duration rtcpInterval,
    Duration keyframeRequestInterval,
    boolean waitForKeyframe,
    int retransmitBytesPerSecond) {

  public static final int DEFAULT_RETRANSMIT_BYTES_PER_SECOND = 250_000;

  public static final String ABS_CAPTURE_TIME_URI =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

  /** The control channel's stream names. */
  public static final String MAIN_STREAM = "main";

  public static final String SUB_STREAM = "sub";

  public MediaConfig {
    if (mtu < H264Packetizer.MIN_MTU || mtu > H264Packetizer.MAX_MTU) {
      throw new IllegalArgumentException("mtu must be 128..1500");
    }
    if (payloadType < 96 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be dynamic (96..127)");
    }
    if (subPayloadType < 96 || subPayloadType > 127 || subPayloadType == payloadType) {
      throw new IllegalArgumentException(
          "sub-stream payload type must be dynamic (96..127) and differ from the main one");
    }
    if (captureTimeExtensionId < 1 || captureTimeExtensionId > 14) {
      throw new IllegalArgumentException("extension id must be 1..14");
    }
    if (frameQueueCapacity < 1) {
      throw new IllegalArgumentException("frame queue capacity must be positive");
    }
    if (retransmitBytesPerSecond < 0) {
      throw new IllegalArgumentException("retransmission budget must not be negative");
    }
  }

  /** The settings without a retransmission budget of their own: the default one. */
  public MediaConfig(
      int mtu,
      int payloadType,
      int subPayloadType,
      int captureTimeExtensionId,
      H264Depacketizer.Limits limits,
      int frameQueueCapacity,
      Duration rtcpInterval,
      Duration keyframeRequestInterval,
      boolean waitForKeyframe) {
    this(
        mtu,
        payloadType,
        subPayloadType,
        captureTimeExtensionId,
        limits,
        frameQueueCapacity,
        rtcpInterval,
        keyframeRequestInterval,
        waitForKeyframe,
        DEFAULT_RETRANSMIT_BYTES_PER_SECOND);
  }

  public static MediaConfig defaults() {
    return new MediaConfig(
        1200,
        96,
        97,
        1,
        H264Depacketizer.Limits.withRetransmission(),
        64,
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        true);
  }

  public MediaConfig withMtu(int newMtu) {
    return new MediaConfig(
        newMtu,
        payloadType,
        subPayloadType,
        captureTimeExtensionId,
        limits,
        frameQueueCapacity,
        rtcpInterval,
        keyframeRequestInterval,
        waitForKeyframe,
        retransmitBytesPerSecond);
  }

  public MediaConfig withWaitForKeyframe(boolean wait) {
    return new MediaConfig(
        mtu,
        payloadType,
        subPayloadType,
        captureTimeExtensionId,
        limits,
        frameQueueCapacity,
        rtcpInterval,
        keyframeRequestInterval,
        wait,
        retransmitBytesPerSecond);
  }

  /** The same settings with another NACK budget (bytes per second per session). */
  public MediaConfig withRetransmitBytesPerSecond(int bytesPerSecond) {
    return new MediaConfig(
        mtu,
        payloadType,
        subPayloadType,
        captureTimeExtensionId,
        limits,
        frameQueueCapacity,
        rtcpInterval,
        keyframeRequestInterval,
        waitForKeyframe,
        bytesPerSecond);
  }

  /** Whether packets of this payload type belong to the session (either stream). */
  public boolean accepts(int pt) {
    return pt == payloadType || pt == subPayloadType;
  }

  /** The payload type that carries {@code stream} ("main" or "sub"; anything else is main). */
  public int payloadTypeFor(String stream) {
    return SUB_STREAM.equals(stream) ? subPayloadType : payloadType;
  }

  /** The stream ("main" or "sub") a payload type stands for, or null if it is neither. */
  public String streamOf(int pt) {
    if (pt == payloadType) {
      return MAIN_STREAM;
    }
    return pt == subPayloadType ? SUB_STREAM : null;
  }
}
