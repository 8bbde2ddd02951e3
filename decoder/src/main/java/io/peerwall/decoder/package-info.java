/**
 * PeerWall's media core: everything that touches coded video, with no JavaFX, networking or SQL.
 *
 * <p>Data flows as {@link io.peerwall.decoder.AccessUnit}s: one coded picture in Annex B form,
 * keyframes carrying their parameter sets ({@link io.peerwall.decoder.ParameterSetInjector} makes
 * sure of that at the source; {@link io.peerwall.decoder.AnnexB} answers "is this a keyframe").
 *
 * <p>Camera side (simulated cameras): {@link io.peerwall.decoder.ClipCache} gives a pre-encoded
 * {@link io.peerwall.decoder.EncodedClip} (made once by {@link
 * io.peerwall.decoder.SyntheticClipEncoder} from a {@link io.peerwall.decoder.SyntheticClipSpec},
 * then loaded from the data directory), and a {@link io.peerwall.decoder.ClipReplaySource} loops it
 * in real time, retimed to now, into the sender.
 *
 * <p>Station side: one {@link io.peerwall.decoder.StreamDecoder} per stream decodes access units
 * and scales each picture straight into a tile-sized BGRA {@link io.peerwall.decoder.FrameBuffer};
 * {@link io.peerwall.decoder.DecodeStatus} and {@link
 * io.peerwall.decoder.StreamDecoder#keyframeNeeded()} tell the session when to ask for a keyframe.
 *
 * <p>Sources for the camera side implement {@link io.peerwall.decoder.VideoSource} (the replay
 * above, and the live test pattern, file, RTSP and webcam sources in {@code
 * io.peerwall.decoder.source}); containers are read by {@code io.peerwall.decoder.demux};
 * recording, export and snapshots are in {@code io.peerwall.decoder.mux}. Codecs: H.264 and H.265
 * everywhere, VP8, VP9 and AV1 for decoding where FFmpeg has decoders ({@link
 * io.peerwall.decoder.StreamDecoder#isSupported}). {@link io.peerwall.decoder.FfmpegLogging} sends
 * FFmpeg's own messages to SLF4J, credentials redacted.
 *
 * <p>Native memory (FFmpeg contexts, frames, packets, scalers) is owned by {@code AutoCloseable}
 * classes and freed in {@code close()}, never by finalizers or the garbage collector.
 */
package io.peerwall.decoder;
