package io.peerwall.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a decoder costs and gives back: native memory returns to where it was after thousands of
 * decoders are opened and closed, and steady decoding allocates no Java objects per frame (a wall
 * of 64 tiles at 15 fps would otherwise feed the garbage collector ~1000 frames' worth a second).
 */
class DecoderResourcesTest {

  private final EncodedClip clip = TestClips.demo(); // 640x360, GOP 15

  @Test
  void openingAndClosingThousandsOfDecodersKeepsNativeMemoryFlat() {
    List<AccessUnit> units = clip.units();
    FrameBuffer tile = new FrameBuffer(160, 90);
    // Warm-up: code paths, thread stacks and allocator arenas settle during the first few hundred.
    cycle(300, units, tile);
    long rssBefore = NativeMemory.residentBytes();
    long trackedBefore = NativeMemory.javacppBytes();
    int cycles = 2000;
    long started = System.nanoTime();
    cycle(cycles, units, tile);
    long millis = (System.nanoTime() - started) / 1_000_000;
    long rssAfter = NativeMemory.residentBytes();
    long trackedAfter = NativeMemory.javacppBytes();
    System.out.printf(
        "METRIC %d decoders opened, fed 3 units and closed in %d ms: native memory %s,"
            + " JavaCPP-tracked %d -> %d bytes%n",
        cycles, millis, NativeMemory.mb(rssAfter - rssBefore), trackedBefore, trackedAfter);
    // One leaked 640x360 frame pool per decoder would be > 1 GB here; allow allocator noise.
    assertThat(rssAfter - rssBefore).isLessThan(24_000_000);
    assertThat(trackedAfter - trackedBefore).isLessThan(1024);
  }

  private static void cycle(int count, List<AccessUnit> units, FrameBuffer tile) {
    for (int i = 0; i < count; i++) {
      try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
        for (int u = 0; u < 3; u++) {
          assertThat(decoder.decode(units.get(u), tile)).isEqualTo(DecodeStatus.FRAME);
        }
      }
    }
  }

  @Test
  void nativeMemoryPerOpenDecoderIsMeasured() {
    FrameBuffer tile = new FrameBuffer(320, 180);
    List<StreamDecoder> decoders = new ArrayList<>();
    long before = NativeMemory.residentBytes();
    try {
      for (int i = 0; i < 32; i++) {
        StreamDecoder decoder = new StreamDecoder(VideoCodec.H264);
        decoders.add(decoder);
        for (int u = 0; u < 3; u++) {
          decoder.decode(clip.units().get(u), tile);
        }
      }
      long perDecoder = (NativeMemory.residentBytes() - before) / decoders.size();
      System.out.printf(
          "METRIC native memory per open 640x360 H.264 decoder: %s%n", NativeMemory.mb(perDecoder));
      assertThat(perDecoder).isLessThan(16_000_000);
    } finally {
      decoders.forEach(StreamDecoder::close);
    }
  }

  @Test
  void steadyDecodingAllocatesNoJavaObjectsPerFrame() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<AccessUnit> units = clip.units();
    FrameBuffer tile = new FrameBuffer(320, 180);
    try (StreamDecoder decoder = new StreamDecoder(VideoCodec.H264)) {
      for (int loop = 0; loop < 3; loop++) {
        decodeLoop(decoder, units, tile, loop); // warm up (JIT, scaler, buffers)
      }
      long thread = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(thread);
      int frames = 0;
      for (int loop = 3; loop < 13; loop++) {
        frames += decodeLoop(decoder, units, tile, loop);
      }
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      double perFrame = (double) allocated / frames;
      System.out.printf(
          "METRIC Java heap allocated per decoded frame (decode + scale to 320x180): %.1f bytes"
              + " (%d frames)%n",
          perFrame, frames);
      assertThat(frames).isEqualTo(10 * units.size());
      assertThat(perFrame).isLessThan(16);
    }
  }

  /** Decodes the clip once with pre-made, retimed units (the units themselves are not counted). */
  private static int decodeLoop(
      StreamDecoder decoder, List<AccessUnit> units, FrameBuffer tile, int loop) {
    int frames = 0;
    for (AccessUnit unit : units) {
      if (decoder.decode(unit, tile) == DecodeStatus.FRAME) {
        frames++;
      }
    }
    return frames;
  }
}
