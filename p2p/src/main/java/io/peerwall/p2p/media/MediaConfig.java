package io.peerwall.p2p.media;

import io.peerwall.p2p.rtp.H264Depacketizer;
import io.peerwall.p2p.rtp.H264Packetizer;
import java.time.Duration;

/**
 * RTP media settings shared by {@link MediaSender} and {@link MediaReceiver}. Both ends must agree
 * on {@code payloadType} and {@code captureTimeExtensionId} (fixed by our protocol for now; a later
 * SDP-style negotiation can carry them).
 *
 * @param mtu largest RTP packet (header included), 128..1500; default 1200
 * @param payloadType H.264 dynamic payload type, default 96
 * @param captureTimeExtensionId RFC 8285 id for abs-capture-time, default 1 (URI {@value
 *     #ABS_CAPTURE_TIME_URI})
 * @param limits depacketizer bounds (max access unit 4 MiB, max 1024 NAL units, holes wait up to
 *     120 ms for a NACKed retransmission)
 * @param frameQueueCapacity frames buffered between the receive thread and the consumer
 * @param rtcpInterval period of SR (sender) / RR (receiver) reports
 * @param keyframeRequestInterval minimum spacing of PLIs while waiting for a keyframe
 * @param waitForKeyframe after a loss (and at start), drop delta frames until a keyframe arrives
 */
public record MediaConfig(
    int mtu,
    int payloadType,
    int captureTimeExtensionId,
    H264Depacketizer.Limits limits,
    int frameQueueCapacity,
    Duration rtcpInterval,
    Duration keyframeRequestInterval,
    boolean waitForKeyframe) {

  public static final String ABS_CAPTURE_TIME_URI =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

  public MediaConfig {
    if (mtu < H264Packetizer.MIN_MTU || mtu > H264Packetizer.MAX_MTU) {
      throw new IllegalArgumentException("mtu must be 128..1500");
    }
    if (payloadType < 96 || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be dynamic (96..127)");
    }
    if (captureTimeExtensionId < 1 || captureTimeExtensionId > 14) {
      throw new IllegalArgumentException("extension id must be 1..14");
    }
    if (frameQueueCapacity < 1) {
      throw new IllegalArgumentException("frame queue capacity must be positive");
    }
  }

  public static MediaConfig defaults() {
    return new MediaConfig(
        1200,
        96,
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
        captureTimeExtensionId,
        limits,
        frameQueueCapacity,
        rtcpInterval,
        keyframeRequestInterval,
        waitForKeyframe);
  }

  public MediaConfig withWaitForKeyframe(boolean wait) {
    return new MediaConfig(
        mtu,
        payloadType,
        captureTimeExtensionId,
        limits,
        frameQueueCapacity,
        rtcpInterval,
        keyframeRequestInterval,
        wait);
  }
}
