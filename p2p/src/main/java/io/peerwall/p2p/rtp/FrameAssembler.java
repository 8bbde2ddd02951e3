package io.peerwall.p2p.rtp;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The framing half of {@link H264Depacketizer}: holds packets in a sequence-ordered buffer until
 * they form a complete frame, and decides when a missing packet is lost and where the stream picks
 * up again. It never looks inside payloads except to recognise a frame's first packet while
 * resynchronising; turning a frame's payloads into an access unit is {@link Rfc6184Payloads}'s job.
 *
 * <p>A frame is the run of packets from the one after the previous frame's marker up to and
 * including the next marker, all with the same {@linkplain BufferedPacket#frameKey frame key}
 * (timestamp and payload type); a change of key without a marker also ends a frame. A missing
 * sequence number is declared lost once {@code reorderWindowPackets} newer packets have arrived or
 * it has been missing for {@code reorderWindowNanos}; the frame it belonged to is then dropped and
 * the assembler resynchronises on the next marker (or on a frame key change right after the lost
 * frame's packets).
 *
 * <p>Single-threaded like its owner; the counters may be read from any thread.
 */
final class FrameAssembler {

  /** Where frames and losses go, on the calling thread. */
  interface Output {
    /** A complete frame's packets, in sequence order, already removed from the buffer. */
    void onFramePackets(BufferedPacket[] packets);

    /** A frame was dropped (gap, overflow, joining mid-frame); already counted as lost. */
    void onFrameLost(String reason);
  }

  // Past this many packets with no marker to resync on, the oldest are useless: keep scans cheap.
  private static final int RESYNC_MAX_PACKETS = 256;

  private final H264Depacketizer.Limits limits;
  private final LongSupplier nanoClock;
  private final Output output;

  private final TreeMap<Long, BufferedPacket> pending = new TreeMap<>();
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

  private volatile long framesLost;
  private volatile long packetsLate;
  private volatile long packetsDuplicate;

  FrameAssembler(H264Depacketizer.Limits limits, LongSupplier nanoClock, Output output) {
    this.limits = limits;
    this.nanoClock = nanoClock;
    this.output = output;
  }

  /**
   * First half of taking a packet: extends its sequence number, drops it if late or a duplicate
   * (counted), and makes room if it would overflow the buffer. Returns its extended sequence number
   * for {@link #add}, or -1 if it was dropped. Split in two so the caller copies the payload only
   * of packets that are kept.
   */
  long admit(RtpPacket p) {
    boolean firstPacket = highest < 0;
    long ext = unwrap(p.sequenceNumber());
    if (firstPacket) {
      firstPacketNanos = nanoClock.getAsLong();
    }
    if (nextExpected >= 0 && ext < nextExpected && firstFrameOpen) {
      // Reordering inside the very first frame: an earlier packet of it may still arrive.
      BufferedPacket start = pending.get(nextExpected);
      if (start != null
          && start.frameKey == BufferedPacket.frameKey(p.timestamp(), p.payloadType())) {
        nextExpected = ext;
      }
    }
    if (ext < floor || (nextExpected >= 0 && ext < nextExpected)) {
      packetsLate++;
      return -1;
    }
    if (pending.containsKey(ext)) {
      packetsDuplicate++;
      return -1;
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
    return ext;
  }

  /** Second half: buffers a packet {@link #admit} kept and delivers whatever is now complete. */
  void add(BufferedPacket p) {
    pending.put(p.ext, p);
    pendingBytes += p.payload.length;
    assemble();
  }

  /** Lets time-based loss detection run when no packets arrive. */
  void tick() {
    assemble();
  }

  private long unwrap(int seq) {
    if (highest < 0) {
      // Start well above zero so that packets reordered before the first one stay positive.
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
      BufferedPacket head = pending.get(nextExpected);
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
        BufferedPacket p = pending.get(k);
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
    Map.Entry<Long, BufferedPacket> first = pending.firstEntry();
    if (!everSynced) {
      if (first.getValue().isFrameStart()) {
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
    BufferedPacket prev = null;
    for (Map.Entry<Long, BufferedPacket> e : pending.entrySet()) {
      BufferedPacket p = e.getValue();
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
          output.onFrameLost("stream joined mid-frame");
        } else if (extra > 0) {
          framesLost += extra;
          output.onFrameLost("frame start lost with the previous frame's end");
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
    output.onFrameLost(reason);
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
        output.onFrameLost(reason);
      }
    }
  }

  /** Removes packets up to {@code last}; returns how many distinct frame keys ≠ skip they had. */
  private int discardThroughCountingFrames(long last, long skipKey) {
    int frames = 0;
    long prevKey = -1;
    while (!pending.isEmpty() && pending.firstKey() <= last) {
      BufferedPacket p = pending.pollFirstEntry().getValue();
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

  /** Removes packets [from, to] from the buffer and hands them on as one frame. */
  private void emit(long from, long to) {
    BufferedPacket[] pkts = new BufferedPacket[(int) (to - from + 1)];
    for (long s = from; s <= to; s++) {
      BufferedPacket p = pending.remove(s);
      pendingBytes -= p.payload.length;
      pkts[(int) (s - from)] = p;
    }
    holeSeq = -1;
    firstFrameOpen = false;
    output.onFramePackets(pkts);
  }

  /** Frames dropped because packets were missing (gaps, overflow, joining mid-frame). */
  long framesLost() {
    return framesLost;
  }

  long packetsLate() {
    return packetsLate;
  }

  long packetsDuplicate() {
    return packetsDuplicate;
  }

  /** Packets currently buffered. */
  int bufferedPackets() {
    return pending.size();
  }
}
