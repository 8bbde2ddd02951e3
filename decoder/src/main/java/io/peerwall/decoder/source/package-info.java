/**
 * Camera-side sources behind {@link io.peerwall.decoder.VideoSource}: a live encoded test pattern
 * ({@link io.peerwall.decoder.source.TestPatternSource}), a looping file passed through ({@link
 * io.peerwall.decoder.source.FileSource}), an RTSP camera passed through with reconnection ({@link
 * io.peerwall.decoder.source.RtspSource}) and a V4L2 webcam, encoded ({@link
 * io.peerwall.decoder.source.V4l2Source}). {@link io.peerwall.decoder.source.SourceSpec} parses
 * what a user writes ({@code testpattern:1280x720@30}, {@code file:PATH}, {@code rtsp://...},
 * {@code v4l2:/dev/video0}) and {@link io.peerwall.decoder.source.Sources} makes the source. The
 * two that encode raw pictures ({@link io.peerwall.decoder.source.RawPictureSource}) can feed a
 * {@link io.peerwall.decoder.source.SubStreamEncoder}, a smaller second stream of the same
 * pictures.
 *
 * <p>Each source runs on one thread of its own, named {@code <kind>-source-<camera>}; credentials
 * in URLs never reach logs or messages ({@link io.peerwall.decoder.Redaction}).
 */
package io.peerwall.decoder.source;
