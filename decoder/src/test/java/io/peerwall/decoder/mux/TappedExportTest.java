package io.peerwall.decoder.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.testing.ProbeResult;
import io.peerwall.decoder.testing.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tapped export (how signed exports are hashed, docs/decisions/0057) is written in order by its
 * own thread, each byte once: the file is byte for byte the untapped fragmented export, and the tap
 * sees exactly the file's bytes; a failing tap stops the export and leaves nothing behind.
 */
class TappedExportTest {
  private static final long BASE = Recordings.BASE_EPOCH_MICROS;
  private static final long FROM = BASE + 2_000_000;
  private static final long TO = BASE + 9_000_000;

  @TempDir Path dir;
  List<RecordedSegment> segments;

  @BeforeEach
  void record() throws Exception {
    List<AccessUnit> units = Recordings.stream(180); // 12 s, a keyframe every second
    segments =
        Recordings.record(units, dir, 4).stream().map(SegmentSummary::toRecordedSegment).toList();
  }

  private ExportResult export(Path file, ByteTap tap) throws IOException {
    return Mp4Exporter.export(
        segments,
        FROM,
        TO,
        file,
        "Door",
        Mp4Exporter.Layout.FRAGMENTED,
        Mp4Exporter.ReadGate.NONE,
        tap);
  }

  @Test
  void theTapSeesExactlyTheFileWhichIsTheUntappedExportByteForByte() throws Exception {
    Path plain = dir.resolve("plain.mp4");
    Path tapped = dir.resolve("tapped.mp4");
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ExportResult p = export(plain, null);
    ExportResult t =
        export(
            tapped,
            bytes -> {
              threads.add(Thread.currentThread().getName());
              byte[] copy = new byte[bytes.remaining()];
              bytes.get(copy);
              seen.write(copy);
            });

    byte[] file = Files.readAllBytes(tapped);
    assertThat(file).isEqualTo(Files.readAllBytes(plain));
    assertThat(seen.toByteArray()).isEqualTo(file);
    assertThat(t.bytesWritten()).as("every byte written once").isEqualTo(t.bytes());
    assertThat(t.frames()).isEqualTo(p.frames()).isEqualTo(106);
    assertThat(threads).containsExactly("export-write");
    assertThat(writerThreadsAlive()).isZero();
    ProbeResult probe = Tools.probe(tapped);
    assertThat(probe.errors()).isEmpty();
    assertThat(probe.frames()).isEqualTo(106);
  }

  @Test
  void aSlowTapHoldsTheExportBackAndMissesNothing() throws Exception {
    Path tapped = dir.resolve("slow.mp4");
    AtomicLong seen = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    ExportResult t =
        export(
            tapped,
            bytes -> {
              calls.incrementAndGet();
              seen.addAndGet(bytes.remaining());
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    assertThat(calls.get()).as("more chunks than the writer's pool holds").isGreaterThan(8);
    assertThat(seen.get()).isEqualTo(t.bytes()).isEqualTo(Files.size(tapped));
  }

  @Test
  void aFailingTapStopsTheExportWithItsReasonAndLeavesNoFile() {
    Path tapped = dir.resolve("failed.mp4");
    ByteTap failing =
        new ByteTap() {
          long seen;

          @Override
          public void written(ByteBuffer bytes) throws IOException {
            seen += bytes.remaining();
            if (seen > 4096) {
              throw new IOException("the hash store is gone");
            }
          }
        };
    assertThatThrownBy(() -> export(tapped, failing))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the hash store is gone");
    assertThat(tapped).doesNotExist();
    assertThat(dir.resolve("failed.mp4.part")).doesNotExist();
    assertThat(writerThreadsAlive()).isZero();
  }

  @Test
  void onlyAFragmentedExportCanBeTapped() {
    assertThatThrownBy(
            () ->
                Mp4Exporter.export(
                    segments,
                    FROM,
                    TO,
                    dir.resolve("faststart.mp4"),
                    "Door",
                    Mp4Exporter.Layout.FASTSTART,
                    Mp4Exporter.ReadGate.NONE,
                    bytes -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fragmented");
  }

  private static long writerThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("export-write") && t.isAlive())
        .count();
  }
}
