package io.peerwall.recorder.ts;

import static io.peerwall.recorder.ts.TsProfile.PACKET_SIZE;
import static io.peerwall.recorder.ts.TsProfile.VIDEO_PID;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads a segment file frame by frame without FFmpeg: where each frame's bytes are, its timestamps,
 * whether it is a keyframe (random-access indicator) and, if asked, its access unit as the camera
 * sent it (the muxer's access-unit delimiter removed). Fast enough to re-index a minute of video in
 * milliseconds; used by recovery, verify, playback and tests.
 *
 * <p>A frame ends where the next one starts. The last frame of a file ends at the end of the file
 * if the writer finished the file, or if its last TS packet carries stuffing (muxers pad the last
 * packet of each frame); otherwise, after a crash, it may be torn and is left out (one frame).
 * Scanning stops at the end of the file or at the first thing that is not MPEG-TS video (lost sync,
 * a bad PES header); {@link Result} says which. Never throws for bad content, only for I/O errors.
 */
public final class TsScanner {
  private static final int CHUNK_PACKETS = 5_000;

  /**
   * One whole frame.
   *
   * @param offset byte offset of the frame's span: the end of the previous frame's last packet, so
   *     a keyframe's span includes the PAT and PMT before it and is a valid place to start reading
   * @param length bytes of the span
   * @param data the access unit, or null when the scan does not collect data
   */
  public record Frame(long offset, int length, long pts, long dts, boolean keyframe, byte[] data) {}

  /** Receives frames in file order; returns false to stop the scan. */
  @FunctionalInterface
  public interface Visitor {
    boolean frame(Frame frame) throws IOException;
  }

  /**
   * @param end byte offset just after the last whole frame (where a torn tail would be cut)
   * @param frames whole frames seen
   * @param fileSize the size of the file when it was scanned
   * @param problem null when the scan reached the end at a frame boundary or was stopped by the
   *     visitor; otherwise what it found after the last whole frame
   */
  public record Result(long end, long frames, long fileSize, String problem) {}

  private final byte[] chunk = new byte[CHUNK_PACKETS * PACKET_SIZE];
  private byte[] unit = new byte[64 * 1024];
  private int unitLength;

  // The frame being read.
  private boolean inFrame;
  private boolean lastPacketStuffed;
  private long pts;
  private long dts;
  private boolean keyframe;

  /**
   * Scans {@code channel} from {@code from} (a frame boundary: 0 or a keyframe offset).
   *
   * @param closedCleanly whether the writer finished the file: then its last frame is whole
   */
  public Result scan(
      FileChannel channel, long from, boolean withData, boolean closedCleanly, Visitor visitor)
      throws IOException {
    long size = channel.size();
    long spanStart = from;
    long lastVideoEnd = from;
    long frames = 0;
    inFrame = false;
    long position = from;
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    while (position + PACKET_SIZE <= size) {
      buffer.clear();
      buffer.limit((int) Math.min(chunk.length, (size - position) / PACKET_SIZE * PACKET_SIZE));
      int read = 0;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position + read);
        if (n < 0) {
          break;
        }
        read += n;
      }
      int packets = read / PACKET_SIZE;
      if (packets == 0) {
        break;
      }
      for (int i = 0; i < packets; i++) {
        int p = i * PACKET_SIZE;
        long at = position + p;
        if (chunk[p] != 0x47) {
          return new Result(spanStart, frames, size, "lost TS sync at byte " + at);
        }
        int pid = ((chunk[p + 1] & 0x1F) << 8) | (chunk[p + 2] & 0xFF);
        if (pid != VIDEO_PID) {
          continue; // PAT, PMT, SDT: part of the next frame's span
        }
        boolean unitStart = (chunk[p + 1] & 0x40) != 0;
        int control = (chunk[p + 3] >> 4) & 0x03;
        int payload = p + 4;
        boolean randomAccess = false;
        boolean stuffed = false;
        if ((control & 0x02) != 0) {
          int fieldLength = chunk[p + 4] & 0xFF;
          if (fieldLength > 183) {
            return new Result(spanStart, frames, size, "bad adaptation field at byte " + at);
          }
          randomAccess = fieldLength > 0 && (chunk[p + 5] & 0x40) != 0;
          stuffed = fieldLength > usedFieldBytes(p + 5, fieldLength);
          payload = p + 5 + fieldLength;
        }
        int payloadEnd = (control & 0x01) != 0 ? p + PACKET_SIZE : payload;
        if (unitStart) {
          if (inFrame) {
            frames++;
            Frame done = finishFrame(spanStart, lastVideoEnd, withData);
            spanStart = lastVideoEnd;
            if (!visitor.frame(done)) {
              return new Result(spanStart, frames, size, null);
            }
          }
          int header = pesHeaderLength(payload, payloadEnd);
          if (header < 0) {
            return new Result(spanStart, frames, size, "bad PES header at byte " + at);
          }
          int flags = chunk[payload + 7] & 0xFF;
          pts = (flags & 0x80) != 0 ? readTimestamp(payload + 9) : 0;
          dts = (flags & 0x40) != 0 ? readTimestamp(payload + 14) : pts;
          keyframe = randomAccess;
          inFrame = true;
          unitLength = 0;
          payload += header;
        } else if (!inFrame) {
          return new Result(spanStart, frames, size, "data outside a frame at byte " + at);
        }
        if (withData && payloadEnd > payload) {
          append(payload, payloadEnd - payload);
        }
        lastVideoEnd = at + PACKET_SIZE;
        lastPacketStuffed = stuffed;
      }
      position += (long) packets * PACKET_SIZE;
    }
    // A muxer pads the last TS packet of a frame with stuffing: a frame whose last packet on disk
    // is stuffed is whole even if the writer never finished the file.
    if (inFrame && (closedCleanly || lastPacketStuffed)) {
      frames++;
      Frame last = finishFrame(spanStart, lastVideoEnd, withData);
      spanStart = lastVideoEnd;
      visitor.frame(last);
    }
    String problem = null;
    if (inFrame) {
      problem = "the last frame may be torn";
    } else if (size > spanStart && size - spanStart >= PACKET_SIZE * 2L) {
      problem = (size - spanStart) + " bytes after the last whole frame";
    } else if (size % PACKET_SIZE != 0) {
      problem = "the file ends inside a TS packet";
    }
    return new Result(spanStart, frames, size, problem);
  }

  /** Bytes of an adaptation field taken by its fields (the rest is stuffing); 0 for length 0. */
  private int usedFieldBytes(int flagsAt, int fieldLength) {
    if (fieldLength == 0) {
      return -1; // a lone length byte: one byte of stuffing
    }
    int flags = chunk[flagsAt] & 0xFF;
    int used = 1;
    used += (flags & 0x10) != 0 ? 6 : 0; // PCR
    used += (flags & 0x08) != 0 ? 6 : 0; // OPCR
    used += (flags & 0x04) != 0 ? 1 : 0; // splice countdown
    if ((flags & 0x02) != 0 && flagsAt + used < flagsAt + fieldLength) {
      used += 1 + (chunk[flagsAt + used] & 0xFF); // transport private data
    }
    if ((flags & 0x01) != 0 && flagsAt + used < flagsAt + fieldLength) {
      used += 1 + (chunk[flagsAt + used] & 0xFF); // extension
    }
    return used;
  }

  private Frame finishFrame(long spanStart, long spanEnd, boolean withData) {
    inFrame = false;
    return new Frame(
        spanStart,
        (int) (spanEnd - spanStart),
        pts,
        dts,
        keyframe,
        withData ? withoutDelimiter() : null);
  }

  private int pesHeaderLength(int payload, int payloadEnd) {
    if (payloadEnd - payload < 9
        || chunk[payload] != 0
        || chunk[payload + 1] != 0
        || chunk[payload + 2] != 1) {
      return -1;
    }
    int length = 9 + (chunk[payload + 8] & 0xFF);
    return payload + length <= payloadEnd ? length : -1;
  }

  private long readTimestamp(int at) {
    return ((long) (chunk[at] & 0x0E) << 29)
        | ((long) (chunk[at + 1] & 0xFF) << 22)
        | ((long) (chunk[at + 2] & 0xFE) << 14)
        | ((long) (chunk[at + 3] & 0xFF) << 7)
        | ((chunk[at + 4] & 0xFE) >> 1);
  }

  private void append(int from, int count) {
    if (unitLength + count > unit.length) {
      unit = Arrays.copyOf(unit, Math.max(unit.length * 2, unitLength + count));
    }
    System.arraycopy(chunk, from, unit, unitLength, count);
    unitLength += count;
  }

  /** The collected unit without the access-unit delimiter the muxer put first. */
  private byte[] withoutDelimiter() {
    int skip = 0;
    if (unitLength >= 6 && unit[0] == 0 && unit[1] == 0 && unit[2] == 0 && unit[3] == 1) {
      if ((unit[4] & 0x1F) == 9 && (unit[4] & 0x80) == 0 && unitLength > 6) {
        skip = nextStartCode(5);
      } else if (((unit[4] >> 1) & 0x3F) == 35) {
        skip = nextStartCode(6);
      }
    }
    return Arrays.copyOfRange(unit, skip, unitLength);
  }

  private int nextStartCode(int from) {
    for (int i = from; i + 3 < unitLength; i++) {
      if (unit[i] == 0
          && unit[i + 1] == 0
          && (unit[i + 2] == 1 || unit[i + 2] == 0 && unit[i + 3] == 1)) {
        return i;
      }
    }
    return 0;
  }
}
