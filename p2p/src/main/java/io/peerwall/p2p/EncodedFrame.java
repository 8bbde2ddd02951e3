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
 */
public record EncodedFrame(
    byte[] annexB, long rtpTimestamp, long captureEpochMicros, boolean keyframe) {}
