package io.peerwall.decoder;

/**
 * One coded picture in Annex B form (start codes before each NAL unit), as it travels from a source
 * to a session, a decoder or a recording.
 *
 * @param codec the codec of {@code data}
 * @param data the NAL units of one picture, each prefixed with a 00 00 00 01 start code; keyframes
 *     carry their parameter sets (SPS/PPS) in front of the IDR slice
 * @param ptsMicros presentation time in microseconds on the stream's own timeline
 * @param captureEpochMicros wall-clock capture time (microseconds since the Unix epoch)
 * @param keyframe whether a decoder can start at this picture
 */
public record AccessUnit(
    VideoCodec codec, byte[] data, long ptsMicros, long captureEpochMicros, boolean keyframe) {}
