package io.peerwall.decoder;

/** Video codecs the media core understands. */
public enum VideoCodec {
  H264,
  H265
}
