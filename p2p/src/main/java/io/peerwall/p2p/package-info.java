/**
 * PeerWall peer-to-peer camera sessions: ICE connectivity, direct signaling and RTP/RTCP media.
 * Knows nothing of decoding, JavaFX or SQL; frames cross its boundary as {@link
 * io.peerwall.p2p.EncodedFrame} (Annex B access units).
 *
 * <h2>Layers</h2>
 *
 * <pre>
 *  signaling/  SignalingServer (camera) ◄─TCP, JSON lines─► SignalingClient (station)
 *                   │ CameraSession                              │ StationSession
 *  media/      MediaSender                                     MediaReceiver
 *  rtp/        H264Packetizer, RtpWriter, Rtcp            H264Depacketizer, RtpPacket, Rtcp
 *  transport/  DatagramTransport  (same shape as Bouncy Castle's; RFC 7983 PacketClass)
 *  ice/        IceSession ─ ice4j Agent, 1 stream, 1 component (RTP+RTCP muxed)
 *              LocalAddressHarvester (our host candidates), IcePairTransport (selected pair)
 * </pre>
 *
 * <h2>Message flow</h2>
 *
 * <ol>
 *   <li>The station opens TCP to the camera's {@code SignalingServer}; the camera sends {@code
 *       hello {version, cameraName, cameraId}}.
 *   <li>The station (ICE-controlling) gathers and sends {@code offer {ice}}; the camera
 *       (controlled) gathers, replies {@code answer {ice}} and starts checks; the station applies
 *       the answer and starts checks. Candidates are non-trickled; host candidates come only from
 *       the configured addresses (loopback by default), remote candidates outside the address
 *       policy are never contacted.
 *   <li>On ICE COMPLETED both sides get a {@link io.peerwall.p2p.transport.DatagramTransport} on
 *       the selected pair. The camera's {@code MediaSender} sends RTP (RFC 6184 packetization-mode
 *       1: single NAL, STAP-A, FU-A; PT 96; abs-capture-time RFC 8285 extension id 1 on each
 *       frame's first packet) and an RTCP SR + SDES every second; the station's {@code
 *       MediaReceiver} reassembles frames, sends RR + SDES every second and RR + SDES + PLI when it
 *       needs a keyframe (at start if the first frame is not one, after any loss, on request).
 *   <li>TCP stays open as the control channel: {@code bye}, {@code error} or its loss ends the
 *       session on both sides. Media never flows over TCP.
 * </ol>
 *
 * <p>Later issue (PAKE pairing, DTLS-SRTP): DTLS is inserted between {@code IcePairTransport} and
 * the RTP layer, demultiplexed by first byte per RFC 7983 ({@code PacketClass}); the media classes
 * only see a {@code DatagramTransport} and stay unchanged.
 *
 * <h2>Threads (all daemon, all named, all stopped by the owner's {@code close()})</h2>
 *
 * <table>
 *   <caption>threads</caption>
 *   <tr><th>name</th><th>owner</th><th>does</th></tr>
 *   <tr><td>{@code p2p-ice-events-<id>}</td><td>IceSession</td><td>every ice4j callback (via
 *       IceCallbackAdapter), connect timeout, state events to listeners</td></tr>
 *   <tr><td>{@code p2p-ice-rx-<id>}</td><td>IceSession</td><td>blocking read of the selected
 *       pair's socket into the transport's queue</td></tr>
 *   <tr><td>{@code p2p-rtp-rx-<id>}</td><td>MediaReceiver</td><td>RTP/RTCP parse, depacketize,
 *       RR/PLI</td></tr>
 *   <tr><td>{@code p2p-frames-<id>}</td><td>MediaReceiver</td><td>delivers frames to the consumer
 *       from a bounded queue</td></tr>
 *   <tr><td>{@code p2p-rtcp-rx-<id>}</td><td>MediaSender</td><td>RTCP in (PLI/FIR → keyframe
 *       callback, RR stats), SR out</td></tr>
 *   <tr><td>{@code p2p-sig-accept-<port>}</td><td>SignalingServer</td><td>accept loop</td></tr>
 *   <tr><td>{@code p2p-sig-conn-<port>-<n>}</td><td>SignalingServer</td><td>one connection:
 *       handshake, then control channel for the session's life (bounded pool)</td></tr>
 *   <tr><td>{@code p2p-sig-client-<id>}</td><td>StationSession</td><td>control channel (bye,
 *       error, loss)</td></tr>
 * </table>
 *
 * <p>ice4j adds one {@code IceConnector@…} thread per agent socket (ended by {@code Agent.free()})
 * and uses process-wide static daemon pools it owns ({@code ice4j.Agent-executor-*}, {@code
 * ice4j.NetAccessManager-*}, {@code ice4j.StunClientTransaction-*}).
 *
 * <h2>Safety rules enforced here</h2>
 *
 * <ul>
 *   <li>{@link io.peerwall.p2p.ice.Ice4jBootstrap}: AWS/STUN mapping harvesters off, ice4j's
 *       interface harvester off, ICE passwords filtered out of ice4j's logging.
 *   <li>No socket of a session is bound to the wildcard address or an interface not configured.
 *   <li>All wire input (JSON lines, RTP, RTCP) is parsed by bounded, defensive code: malformed
 *       input is dropped and counted (media) or closes that connection (signaling), never throws
 *       out of a receive loop.
 * </ul>
 */
package io.peerwall.p2p;
