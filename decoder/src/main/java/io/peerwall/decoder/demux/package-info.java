/**
 * Reading containers and streams with FFmpeg's demuxers: {@link
 * io.peerwall.decoder.demux.MediaInput} turns a file, an RTSP URL or a capture device into access
 * units (Annex B, parameter sets on keyframes, the container's bytes otherwise untouched), with
 * every blocking call bounded by a deadline and cancellable from another thread.
 */
package io.peerwall.decoder.demux;
