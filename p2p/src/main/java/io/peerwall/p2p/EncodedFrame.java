package io.peerwall.p2p;

/**
 * One coded video picture as the session carries it. The p2p layer does not know codecs beyond RTP
 * packetization, so this is deliberately separate from the decoder's types.
 *
 * @param annexB the NAL units of one picture, each prefixed with a 00 00 00 01 start code
 * @param rtpTimestamp media time on the 90 kHz RTP clock
 * @param captureEpochMicros wall-clock capture time at the camera (microseconds since the epoch),
 *     or -1 when the sender did not say
 * @param keyframe whether a decoder can start at this picture (an IDR slice is present)
 * @param payloadType the RTP payload type the picture travels with: it names the camera's stream
 *     (rendition) the picture belongs to (see {@code MediaConfig#streamOf}); {@link
 *     #DEFAULT_PAYLOAD_TYPE} on the sending side means "the session's main stream". Received frames
 *     always carry the payload type of their packets.
 */
public record EncodedFrame(
    byte[] annexB, long rtpTimestamp, long captureEpochMicros, boolean keyframe, int payloadType) {

  /** Sending side: use the session's main-stream payload type. */
  public static final int DEFAULT_PAYLOAD_TYPE = -1;

  public EncodedFrame {
    if (payloadType < DEFAULT_PAYLOAD_TYPE || payloadType > 127) {
      throw new IllegalArgumentException("payload type must be 0..127, or -1 for the default");
    }
  }

  /** A picture of the session's main stream. */
  public EncodedFrame(byte[] annexB, long rtpTimestamp, long captureEpochMicros, boolean keyframe) {
    this(annexB, rtpTimestamp, captureEpochMicros, keyframe, DEFAULT_PAYLOAD_TYPE);
  }

  /** The same picture, sent with {@code newPayloadType}. */
  public EncodedFrame withPayloadType(int newPayloadType) {
    return new EncodedFrame(annexB, rtpTimestamp, captureEpochMicros, keyframe, newPayloadType);
  }
}
