package io.peerwall.decoder.source;

/** How RTP travels from an RTSP camera. */
public enum RtspTransport {
  /**
   * RTP interleaved in the RTSP TCP connection: no loss, passes NAT and firewalls; the default, and
   * what most NVRs use.
   */
  TCP,
  /** RTP over UDP: lowest latency on a clean LAN, but loses packets (and keyframes) under load. */
  UDP;

  /** The value of FFmpeg's {@code rtsp_transport} option. */
  String ffmpegValue() {
    return this == TCP ? "tcp" : "udp";
  }
}
