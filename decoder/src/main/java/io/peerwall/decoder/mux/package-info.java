/**
 * Recording and export without re-encoding: crash-tolerant MPEG-TS segments ({@link
 * io.peerwall.decoder.mux.SegmentWriter}, cut into files by {@link
 * io.peerwall.decoder.mux.SegmentRecorder}; why MPEG-TS: docs/decisions/0006-segment-container.md),
 * reading them back ({@link io.peerwall.decoder.mux.SegmentInspector}), exporting a time range
 * across segments to a faststart MP4 ({@link io.peerwall.decoder.mux.Mp4Exporter}) and still
 * pictures ({@link io.peerwall.decoder.mux.Snapshots}).
 */
package io.peerwall.decoder.mux;
