package io.peerwall.p2p.rtp;

import io.peerwall.p2p.EncodedFrame;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Reassembles RFC 6184 (packetization-mode 1) RTP packets of one SSRC into Annex B access units.
 *
 * <p><b>Framing.</b> A frame is the run of packets from the one after the previous frame's marker
 * up to and including the next marker, all with the same timestamp and payload type (a change of
 * either without a marker also ends a frame: the camera may switch the session to another stream,
 * whose payload type differs, at any frame boundary, decision 0035). Packets are held in a small
 * sequence-ordered buffer, so reordering within (and across) frames is tolerated: a missing
 * sequence number is only declared lost once {@code reorderWindowPackets} newer packets have
 * arrived or it has been missing for {@code reorderWindowNanos}. A lost packet drops the frame it
 * belonged to (never a partial frame is delivered), reported through {@link Listener#onFrameLost}
 * so the owner can ask for a keyframe; the depacketizer then resynchronises on the next marker.
 *
 * <p><b>Bounds.</b> Frames larger than {@code maxAccessUnitBytes} or with more than {@code
 * maxNalUnits} NAL units, and payloads that violate RFC 6184 (bad STAP-A lengths, FU-A without
 * start/end, unsupported STAP-B/MTAP/FU-B, reserved types), drop the frame and count as malformed.
 * At most {@code maxBufferedPackets} packets are buffered. Nothing here throws on input data.
 *
 * <p>Output: each NAL unit is prefixed with a 4-byte start code; {@code rtpTimestamp} is the packet
 * timestamp unwrapped to 64 bits (starting at the first frame's 32-bit value); {@code
 * captureEpochMicros} comes from abs-capture-time on the frame's packets (−1 if absent); {@code
 * keyframe} is set if an IDR slice (type 5) is present; {@code payloadType} is the frame's
 * packets'.
 *
 * <p>Single-threaded: call {@link #push} and {@link #tick} from one thread. Counters may be read
 * from any thread.
 */
public final class H264Depacketizer {

  /** Receives completed frames and losses, on the thread that calls push/tick. */
  public interface Listener {
    void onFrame(EncodedFrame frame);

    /** A frame was dropped (sequence gap, malformed payload, overflow): a keyframe is needed. */
    void onFrameLost(String reason);
  }

  /**
   * Resource and latency limits.
   *
   * @param maxAccessUnitBytes largest reassembled frame (Annex B bytes)
   * @param maxNalUnits most NAL units per frame
   * @param reorderWindowPackets a hole is lost once this many newer packets arrived
   * @param reorderWindowNanos ... or once it has been open this long
   * @param maxBufferedPackets most packets held while waiting for a hole to fill
   */
  public record Limits(
      int maxAccessUnitBytes,
      int maxNalUnits,
      int reorderWindowPackets,
      long reorderWindowNanos,
      int maxBufferedPackets) {
    public static Limits defaults() {
      return new Limits(4 << 20, 1024, 32, 60_000_000L, 8192);
    }

    /**
     * For a receiver that NACKs: a hole stays open up to 120 ms whatever the packet count, so that
     * a retransmission (one round trip plus the sender's turnaround) can still fill it; a keyframe
     * burst of hundreds of packets would otherwise close it by count first.
     */
    public static Limits withRetransmission() {
      return new Limits(4 << 20, 1024, 4096, 120_000_000L, 8192);
    }
  }

  private static final byte[] START_CODE = {0, 0, 0, 1};
  private static final int RESYNC_MAX_PACKETS = 256;

  private static final class Pkt {
    final long ext;
    final long timestamp;
    // What makes packets one frame: the timestamp and the payload type (in bits 32..38).
    final long frameKey;
    final boolean marker;
    final byte[] payload;
    final boolean hasCapture;
    final long captureNtp;

    Pkt(
        long ext,
        long timestamp,
        int payloadType,
        boolean marker,
        byte[] payload,
        boolean hasCapture,
        long ntp) {
      this.ext = ext;
      this.timestamp = timestamp;
      this.frameKey = frameKey(timestamp, payloadType);
      this.marker = marker;
      this.payload = payload;
      this.hasCapture = hasCapture;
      this.captureNtp = ntp;
    }
  }

  private final int captureTimeExtId;
  private final Limits limits;
  private final LongSupplier nanoClock;
  private final Listener listener;

  private final TreeMap<Long, Pkt> pending = new TreeMap<>();
  private long pendingBytes;
  private long highest = -1; // highest extended sequence number seen
  private long nextExpected = -1; // first packet of the next frame, -1 = resynchronising
  private long floor = Long.MIN_VALUE; // packets below this are late
  private boolean everSynced;
  private boolean firstFrameOpen = true; // until the first frame is emitted or given up
  private long firstPacketNanos;
  private long holeSeq = -1;
  private long lostFrameKey = -1; // frame key of the frame just declared lost, -1 if unknown
  private long holeSinceNanos;
  private boolean haveTimestamp;
  private long lastTimestamp32;
  private long unwrappedTimestamp;

  private volatile long framesCompleted;
  private volatile long framesLost;
  private volatile long framesMalformed;
  private volatile long packetsLate;
  private volatile long packetsDuplicate;

  /**
   * @param captureTimeExtId RFC 8285 id of abs-capture-time (1..14)
   * @param limits bounds
   * @param nanoClock monotonic clock (System::nanoTime), injectable for tests
   * @param listener receives frames and losses
   */
  public H264Depacketizer(
      int captureTimeExtId, Limits limits, LongSupplier nanoClock, Listener listener) {
    this.captureTimeExtId = captureTimeExtId;
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.listener = listener;
  }

  /** Feeds one RTP packet of the stream (the caller has checked SSRC and payload type). */
  public void push(RtpPacket p) {
    boolean firstPacket = highest < 0;
    long ext = unwrap(p.sequenceNumber());
    if (firstPacket) {
      firstPacketNanos = nanoClock.getAsLong();
    }
    if (nextExpected >= 0 && ext < nextExpected && firstFrameOpen) {
      // Reordering inside the very first frame: an earlier packet of it may still arrive.
      Pkt start = pending.get(nextExpected);
      if (start != null && start.frameKey == frameKey(p.timestamp(), p.payloadType())) {
        nextExpected = ext;
      }
    }
    if (ext < floor || (nextExpected >= 0 && ext < nextExpected)) {
      packetsLate++;
      return;
    }
    if (pending.containsKey(ext)) {
      packetsDuplicate++;
      return;
    }
    if (nextExpected >= 0 && ext - nextExpected >= limits.maxBufferedPackets()) {
      // A jump further than we could ever buffer: the stream restarted or skipped ahead.
      discardAll("sequence jump of " + (ext - nextExpected));
      floor = ext;
    }
    if (pending.size() >= limits.maxBufferedPackets()
        || pendingBytes + p.payloadLength() > 2L * limits.maxAccessUnitBytes()) {
      discardAll("reassembly buffer overflow");
      floor = ext;
    }
    long found = p.findExtension(captureTimeExtId);
    boolean hasCapture = false;
    long ntp = 0;
    if (found >= 0 && (found & 0xFFFF) >= 8) {
      int o = (int) (found >>> 16);
      ntp = (RtpPacket.u32(p.buffer(), o) << 32) | RtpPacket.u32(p.buffer(), o + 4);
      hasCapture = true;
    }
    byte[] payload =
        Arrays.copyOfRange(p.buffer(), p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    pending.put(
        ext, new Pkt(ext, p.timestamp(), p.payloadType(), p.marker(), payload, hasCapture, ntp));
    pendingBytes += payload.length;
    assemble();
  }

  private static long frameKey(long timestamp, int payloadType) {
    return ((long) (payloadType & 0x7F) << 32) | (timestamp & 0xFFFF_FFFFL);
  }

  /** Lets time-based loss detection run when no packets arrive. */
  public void tick() {
    assemble();
  }

  private long unwrap(int seq) {
    if (highest < 0) {
      highest = (1L << 32) + seq;
      return highest;
    }
    int delta = (short) (seq - (int) (highest & 0xFFFF));
    long ext = highest + delta;
    if (ext > highest) {
      highest = ext;
    }
    return ext;
  }

  private void assemble() {
    while (!pending.isEmpty()) {
      if (nextExpected < 0) {
        if (!resync()) {
          return;
        }
        continue;
      }
      Pkt head = pending.get(nextExpected);
      if (head == null) {
        if (!holeExpired(nextExpected)) {
          return;
        }
        lose("sequence gap at " + (nextExpected & 0xFFFF), nextExpected, -1);
        continue;
      }
      long k = nextExpected;
      boolean progressed = false;
      while (true) {
        Pkt p = pending.get(k);
        if (p == null) {
          if (holeExpired(k)) {
            lose("sequence gap at " + (k & 0xFFFF), k, head.frameKey);
            progressed = true;
          }
          break;
        }
        if (p.frameKey != head.frameKey) {
          emit(nextExpected, k - 1); // previous frame ended without a marker
          nextExpected = k;
          progressed = true;
          break;
        }
        if (p.marker) {
          emit(nextExpected, k);
          nextExpected = k + 1;
          floor = nextExpected;
          progressed = true;
          break;
        }
        k++;
      }
      if (!progressed) {
        return;
      }
    }
    holeSeq = -1;
  }

  /** Finds where the next frame starts. Returns false to wait for more packets. */
  private boolean resync() {
    Map.Entry<Long, Pkt> first = pending.firstEntry();
    if (!everSynced) {
      if (isFrameStart(first.getValue())) {
        everSynced = true;
        nextExpected = first.getKey();
        return true;
      }
      // The frame's start may still be on its way: wait out the reorder window first.
      boolean windowPassed =
          highest - first.getKey() >= limits.reorderWindowPackets()
              || nanoClock.getAsLong() - firstPacketNanos >= limits.reorderWindowNanos();
      if (!windowPassed) {
        return false;
      }
    }
    Pkt prev = null;
    for (Map.Entry<Long, Pkt> e : pending.entrySet()) {
      Pkt p = e.getValue();
      if (lostFrameKey >= 0
          && prev != null
          && prev.ext + 1 == p.ext
          && prev.frameKey == lostFrameKey
          && p.frameKey != lostFrameKey) {
        // Contiguous packets and the frame key changes here: this is the next frame's start,
        // even though the lost frame's marker never arrived.
        removeThrough(p.ext - 1);
        nextExpected = p.ext;
        floor = nextExpected;
        lostFrameKey = -1;
        return true;
      }
      prev = p;
      if (p.marker) {
        long m = e.getKey();
        boolean wasSynced = everSynced;
        // Frames other than the one already reported lost that go down with the discarded
        // packets: their start can't be told apart from the hole, so they are dropped too.
        int extra = discardThroughCountingFrames(m, lostFrameKey);
        everSynced = true;
        firstFrameOpen = false;
        lostFrameKey = -1;
        nextExpected = m + 1;
        floor = nextExpected;
        if (!wasSynced) {
          framesLost += Math.max(1, extra);
          listener.onFrameLost("stream joined mid-frame");
        } else if (extra > 0) {
          framesLost += extra;
          listener.onFrameLost("frame start lost with the previous frame's end");
        }
        return true;
      }
    }
    // Everything before the next marker is useless; keep the scan cheap.
    while (pending.size() > RESYNC_MAX_PACKETS) {
      pendingBytes -= pending.pollFirstEntry().getValue().payload.length;
    }
    return false;
  }

  private static boolean isFrameStart(Pkt p) {
    if (p.payload.length == 0) {
      return false;
    }
    int t = p.payload[0] & 0x1F;
    if (t >= 1 && t <= 24) {
      return true;
    }
    return t == 28 && p.payload.length > 1 && (p.payload[1] & 0x80) != 0;
  }

  private boolean holeExpired(long seq) {
    long now = nanoClock.getAsLong();
    if (holeSeq != seq) {
      holeSeq = seq;
      holeSinceNanos = now;
    }
    return highest - seq >= limits.reorderWindowPackets()
        || now - holeSinceNanos >= limits.reorderWindowNanos();
  }

  /**
   * Declares the frame starting at nextExpected lost because of a hole at {@code holeAt}; {@code
   * key} is that frame's key (timestamp and payload type) if known, else -1.
   */
  private void lose(String reason, long holeAt, long key) {
    removeThrough(holeAt - 1);
    if (key < 0 && !pending.isEmpty()) {
      key = pending.firstEntry().getValue().frameKey; // best guess: same frame
    }
    lostFrameKey = key;
    firstFrameOpen = false;
    framesLost++;
    nextExpected = -1;
    floor = holeAt;
    holeSeq = -1;
    listener.onFrameLost(reason);
  }

  private void discardAll(String reason) {
    if (!pending.isEmpty() || nextExpected >= 0) {
      boolean hadData = !pending.isEmpty();
      pending.clear();
      pendingBytes = 0;
      nextExpected = -1;
      holeSeq = -1;
      if (hadData) {
        framesLost++;
        listener.onFrameLost(reason);
      }
    }
  }

  /** Removes packets up to {@code last}; returns how many distinct frame keys ≠ skip they had. */
  private int discardThroughCountingFrames(long last, long skipKey) {
    int frames = 0;
    long prevKey = -1;
    while (!pending.isEmpty() && pending.firstKey() <= last) {
      Pkt p = pending.pollFirstEntry().getValue();
      pendingBytes -= p.payload.length;
      if (p.frameKey != skipKey && p.frameKey != prevKey) {
        frames++;
      }
      prevKey = p.frameKey;
    }
    return frames;
  }

  private void removeThrough(long lastInclusive) {
    while (!pending.isEmpty() && pending.firstKey() <= lastInclusive) {
      pendingBytes -= pending.pollFirstEntry().getValue().payload.length;
    }
  }

  /** Removes packets [from, to] from the buffer and turns them into a frame. */
  private void emit(long from, long to) {
    Pkt[] pkts = new Pkt[(int) (to - from + 1)];
    for (long s = from; s <= to; s++) {
      Pkt p = pending.remove(s);
      pendingBytes -= p.payload.length;
      pkts[(int) (s - from)] = p;
    }
    holeSeq = -1;
    firstFrameOpen = false;
    String problem = build(pkts);
    if (problem != null) {
      framesMalformed++;
      listener.onFrameLost("malformed frame: " + problem);
    }
  }

  /** Builds and delivers a frame; returns a problem description instead if it is malformed. */
  private String build(Pkt[] pkts) {
    int estimate = 0;
    for (Pkt p : pkts) {
      estimate += p.payload.length + 4;
    }
    Sink out =
        new Sink(Math.min(estimate, limits.maxAccessUnitBytes()), limits.maxAccessUnitBytes());
    int nalCount = 0;
    boolean fuOpen = false;
    int fuType = 0;
    boolean idr = false;
    for (Pkt p : pkts) {
      byte[] pl = p.payload;
      if (pl.length == 0) {
        return "empty payload";
      }
      int t = pl[0] & 0x1F;
      if (fuOpen && t != H264Packetizer.TYPE_FU_A) {
        return "unterminated FU-A";
      }
      if (t >= 1 && t <= 23) {
        if (++nalCount > limits.maxNalUnits() || !out.startCode() || !out.put(pl, 0, pl.length)) {
          return "frame too large";
        }
        idr |= t == 5;
      } else if (t == H264Packetizer.TYPE_STAP_A) {
        int i = 1;
        if (pl.length < 3) {
          return "empty STAP-A";
        }
        while (i < pl.length) {
          if (i + 2 > pl.length) {
            return "truncated STAP-A size";
          }
          int size = ((pl[i] & 0xFF) << 8) | (pl[i + 1] & 0xFF);
          i += 2;
          if (size == 0 || i + size > pl.length) {
            return "bad STAP-A NAL size";
          }
          int nt = pl[i] & 0x1F;
          if (nt == 0 || nt > 23) {
            return "bad NAL type in STAP-A";
          }
          if (++nalCount > limits.maxNalUnits() || !out.startCode() || !out.put(pl, i, size)) {
            return "frame too large";
          }
          idr |= nt == 5;
          i += size;
        }
      } else if (t == H264Packetizer.TYPE_FU_A) {
        if (pl.length < 3) {
          return "short FU-A";
        }
        int fh = pl[1] & 0xFF;
        boolean s = (fh & 0x80) != 0;
        boolean e = (fh & 0x40) != 0;
        int nt = fh & 0x1F;
        if (s && e) {
          return "FU-A with start and end";
        }
        if (nt == 0 || nt > 23) {
          return "bad NAL type in FU-A";
        }
        if (s) {
          if (fuOpen) {
            return "FU-A start inside FU-A";
          }
          if (++nalCount > limits.maxNalUnits()
              || !out.startCode()
              || !out.put((byte) ((pl[0] & 0xE0) | nt))) {
            return "frame too large";
          }
          fuOpen = true;
          fuType = nt;
          idr |= nt == 5;
        } else if (!fuOpen || nt != fuType) {
          return "FU-A continuation without start";
        }
        if (!out.put(pl, 2, pl.length - 2)) {
          return "frame too large";
        }
        if (e) {
          fuOpen = false;
        }
      } else {
        return "unsupported NAL/packet type " + t;
      }
    }
    if (fuOpen) {
      return "FU-A without end";
    }
    long capture = -1;
    for (Pkt p : pkts) {
      if (p.hasCapture) {
        capture = NtpTime.toEpochMicros(p.captureNtp);
        break;
      }
    }
    long ts32 = pkts[0].timestamp;
    if (!haveTimestamp) {
      haveTimestamp = true;
      unwrappedTimestamp = ts32;
    } else {
      unwrappedTimestamp += (int) (ts32 - lastTimestamp32);
    }
    lastTimestamp32 = ts32;
    framesCompleted++;
    int payloadType = (int) (pkts[0].frameKey >>> 32);
    listener.onFrame(
        new EncodedFrame(out.toArray(), unwrappedTimestamp, capture, idr, payloadType));
    return null;
  }

  /** A growable byte buffer that refuses to grow beyond a hard limit. */
  private static final class Sink {
    private final int limit;
    private byte[] a;
    private int w;

    Sink(int initial, int limit) {
      this.a = new byte[Math.max(16, initial)];
      this.limit = limit;
    }

    boolean startCode() {
      return put(START_CODE, 0, 4);
    }

    boolean put(byte b) {
      if (!ensure(1)) {
        return false;
      }
      a[w++] = b;
      return true;
    }

    boolean put(byte[] src, int off, int len) {
      if (!ensure(len)) {
        return false;
      }
      System.arraycopy(src, off, a, w, len);
      w += len;
      return true;
    }

    private boolean ensure(int n) {
      if ((long) w + n > limit) {
        return false;
      }
      if (w + n > a.length) {
        a = Arrays.copyOf(a, (int) Math.min(limit, Math.max((long) a.length * 2, (long) w + n)));
      }
      return true;
    }

    byte[] toArray() {
      return w == a.length ? a : Arrays.copyOf(a, w);
    }
  }

  public long framesCompleted() {
    return framesCompleted;
  }

  /** Frames dropped because packets were missing (gaps, overflow, joining mid-frame). */
  public long framesLost() {
    return framesLost;
  }

  /** Frames dropped because their payload violated RFC 6184 or the limits. */
  public long framesMalformed() {
    return framesMalformed;
  }

  public long packetsLate() {
    return packetsLate;
  }

  public long packetsDuplicate() {
    return packetsDuplicate;
  }

  /** Packets currently buffered. */
  public int bufferedPackets() {
    return pending.size();
  }
}
