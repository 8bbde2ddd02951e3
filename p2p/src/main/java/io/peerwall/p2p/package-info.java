/**
 * PeerWall peer-to-peer camera sessions: self-certifying identities, password pairing (SRP-6a over
 * Argon2id), pinned-key sessions over ICE with DTLS 1.2 and SRTP, RTP/RTCP media, a control
 * channel, LAN discovery and a rendezvous. Knows nothing of decoding, JavaFX or SQL; frames cross
 * its boundary as {@link io.peerwall.p2p.EncodedFrame} (Annex B access units). The protocol is
 * specified in docs/protocol.md. Keeping a camera's session up (reconnecting, refusals) is the
 * station's {@code SessionSupervisor}: this module makes one session at a time.
 *
 * <h2>Layers</h2>
 *
 * <pre>
 *  signaling/  SignalingServer + CameraHandshake (camera) ◄─ MessageChannel ─► SignalingClient (station)
 *              JSON lines over TCP, or relayed by rendezvous/; signed offers/answers, NonceCache;
 *              the pairing exchange over it: CameraPairing / StationPairing (SRP-6a 3072,
 *              Argon2id, transcript-bound proofs, Transcript)
 *  pairing/    the secrets and rules: CameraCredentials, StationCredentials, CameraPairingStore
 *              (verifier, stations, audit), StationTrustStore, PairingThrottle, PasswordPolicy, Srp,
 *              password facts for the audit (PasswordFactsStore, VerifierScan)
 *  blocklist/  Blocklist: the Mirai, SecLists and DefaultCreds default-password lists (resources)
 *  sitekey/    SiteKey (reuse tags), SiteKeyStore (sealed at rest), SiteKeyEnvelope (HPKE)
 *  (root)      EncodedFrame, FailureReason (why a pairing or session could not be made)
 *  identity/   Identity (ECDSA P-256 key, owner-only file), PublicIdentity, PeerId (checksummed ID)
 *  control/    ControlChannel over DTLS application data (ping, keyframe, stream, info, password, unpair,
 *              password facts, site key)
 *  media/      MediaSender (NACK retransmission buffer)    MediaReceiver (NACK, PLI)
 *  rtp/        H264Packetizer, RtpWriter, Rtcp           H264Depacketizer, RtpPacket, Rtcp
 *  srtp/       SrtpTransport ─ SrtpContext (AES-CM + HMAC-SHA1-80, replay window)
 *  dtls/       DtlsSession (BC DTLS 1.2, pinned certificates, RFC 5764 key export)
 *  transport/  DatagramTransport (same shape as Bouncy Castle's; RFC 7983 PacketClass)
 *  ice/        IceSession ─ ice4j Agent, 1 stream, 1 component; IceConfig (host addresses or every
 *              interface, IceServerSource for STUN/TURN), LocalAddressHarvester, GuardedTurnHarvester,
 *              DirectFirstNominator, PathWatch (PATH_LOST), PathKind (LAN/direct/relay),
 *              IcePairTransport (selected pair, DTLS/SRTP demultiplexing)
 *  turn/       TurnSecret (owner-only file), TurnRestCredentials (coturn use-auth-secret)
 *  discovery/  LanDiscovery (JmDNS on one chosen address)
 *  rendezvous/ RendezvousServer (own key, signed ICE server grants), RendezvousLink (pinned key,
 *              keep-alive), CameraRegistration, RendezvousIceServers, RendezvousPins
 * </pre>
 *
 * <h2>Message flow</h2>
 *
 * <ol>
 *   <li>The camera sends {@code hello {version 2, name, ID, key}}; the station checks that the key
 *       hashes to the ID it expects.
 *   <li>Once per station: pairing ({@code pair-hello}, {@code pair-challenge}, {@code pair-proof},
 *       {@code pair-result}); both sides pin the other's key.
 *   <li>Each session: a signed {@code offer} (nonce, timestamp, ICE description), a signed {@code
 *       answer} bound to the offer's nonce; ICE (station controlling); DTLS 1.2 with certificates
 *       checked against the pinned keys; SRTP keys exported from DTLS; RTP/RTCP over SRTP; the
 *       control channel as DTLS application data. DTLS, SRTP and STUN share the ICE pair's 5-tuple.
 * </ol>
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
 *   <tr><td>{@code p2p-sig-client-<id>}</td><td>StationSession</td><td>signaling channel (bye,
 *       error, loss)</td></tr>
 *   <tr><td>{@code p2p-ctl-<id>}</td><td>ControlChannel</td><td>control channel over DTLS: pings,
 *       liveness, requests</td></tr>
 *   <tr><td>{@code p2p-rdv-*}</td><td>rendezvous/</td><td>server accept and connections, client
 *       link and its pinger, camera registration</td></tr>
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
 *   <li>All wire input (JSON lines, RTP, RTCP, SRTP, DTLS records, control records, rendezvous
 *       lines) is parsed by bounded, defensive code and fuzzed: malformed input is dropped and
 *       counted (media, control) or closes that connection (signaling), never throws out of a
 *       receive loop.
 *   <li>No secret in logs or at rest in plaintext: identity keys 0600, verifier only, passwords
 *       never stored; {@code toString()} of keys and key material is redacted.
 * </ul>
 */
package io.peerwall.p2p;
