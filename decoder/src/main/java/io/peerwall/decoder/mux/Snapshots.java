package io.peerwall.decoder.mux;

import io.peerwall.decoder.AccessUnit;
import io.peerwall.decoder.DecodeStatus;
import io.peerwall.decoder.FrameBuffer;
import io.peerwall.decoder.StreamDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Still pictures: a decoded frame written as JPEG or PNG, and the full-resolution picture of a
 * recording at a given wall-clock time.
 *
 * <p>Uses the JDK's ImageIO, which needs no native code and no fonts. The file is written under a
 * temporary name and moved into place, so a viewer never opens half a picture.
 */
public final class Snapshots {

  /** JPEG quality: visually lossless for camera pictures at about a tenth of PNG's size. */
  static final float JPEG_QUALITY = 0.92f;

  private Snapshots() {}

  /** Image formats, chosen by the file name extension. */
  public enum ImageFormat {
    JPEG,
    PNG;

    /** The format for {@code file}'s extension (.jpg, .jpeg, .png). */
    public static ImageFormat of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
        return JPEG;
      }
      if (name.endsWith(".png")) {
        return PNG;
      }
      throw new IllegalArgumentException(
          "snapshot file " + file.getFileName() + " must end in .jpg, .jpeg or .png");
    }
  }

  /** Writes the picture in {@code frame} to {@code file} (format from the extension). */
  public static void write(FrameBuffer frame, Path file) throws IOException {
    if (!frame.hasFrame()) {
      throw new IllegalArgumentException("the frame buffer holds no picture yet");
    }
    ImageFormat format = ImageFormat.of(file);
    BufferedImage image = toImage(frame);
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".part");
    try {
      if (format == ImageFormat.PNG) {
        if (!ImageIO.write(image, "png", temporary.toFile())) {
          throw new IOException("no PNG writer in this JDK");
        }
      } else {
        writeJpeg(image, temporary);
      }
      try {
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The picture as an RGB image (BGRA bytes read as little-endian ints are ARGB). */
  static BufferedImage toImage(FrameBuffer frame) {
    BufferedImage image =
        new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    IntBuffer source =
        frame.pixels().duplicate().order(ByteOrder.LITTLE_ENDIAN).clear().asIntBuffer();
    source.get(target, 0, frame.width() * frame.height());
    return image;
  }

  private static void writeJpeg(BufferedImage image, Path file) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IOException("no JPEG writer in this JDK");
    }
    ImageWriter writer = writers.next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      writer.setOutput(out);
      ImageWriteParam parameters = writer.getDefaultWriteParam();
      parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      parameters.setCompressionQuality(JPEG_QUALITY);
      writer.write(null, new IIOImage(image, null, null), parameters);
    } finally {
      writer.dispose();
    }
  }

  /**
   * Decodes units from a keyframe on and returns the last picture at full coded size: a snapshot of
   * a live stream from its current GOP.
   *
   * @throws IOException if no picture decodes
   */
  public static FrameBuffer decodeLast(List<AccessUnit> fromKeyframe) throws IOException {
    if (fromKeyframe.isEmpty()) {
      throw new IOException("no access units to decode");
    }
    return decodeLastPicture(fromKeyframe);
  }

  /**
   * The full-size picture shown at {@code epochMicros} in a recording: the last picture at or
   * before that time, decoded from its keyframe.
   *
   * @throws IOException if the time is outside the segments or nothing decodes
   */
  public static FrameBuffer decodeAt(List<RecordedSegment> segments, long epochMicros)
      throws IOException {
    List<RecordedSegment> ordered = new ArrayList<>(segments);
    ordered.sort(Comparator.comparingLong(RecordedSegment::startEpochMicros));
    RecordedSegment chosen = null;
    for (RecordedSegment segment : ordered) {
      if (segment.startEpochMicros() <= epochMicros) {
        chosen = segment;
      }
    }
    if (chosen == null) {
      throw new IOException("no recording at the requested time");
    }
    List<AccessUnit> units = new ArrayList<>();
    long[] firstPts = {Long.MIN_VALUE};
    long offset = epochMicros - chosen.startEpochMicros();
    SegmentInspector.readUnits(
        chosen.file(),
        unit -> {
          if (firstPts[0] == Long.MIN_VALUE) {
            firstPts[0] = unit.ptsMicros();
          }
          long at = unit.ptsMicros() - firstPts[0];
          if (at > offset) {
            return; // past the requested time (the segment is read to its end; a minute at most)
          }
          if (unit.keyframe()) {
            units.clear(); // only the GOP containing the time is needed
          }
          units.add(unit);
        });
    if (units.isEmpty()) {
      throw new IOException("no picture in " + chosen.file().getFileName() + " at that time");
    }
    return decodeLast(units);
  }

  /** {@link #decodeAt} and {@link #write} in one. */
  public static void captureAt(List<RecordedSegment> segments, long epochMicros, Path file)
      throws IOException {
    ImageFormat.of(file); // fail on a bad name before decoding
    write(decodeAt(segments, epochMicros), file);
  }

  /** Decodes all units and returns the last one's picture at the coded size. */
  private static FrameBuffer decodeLastPicture(List<AccessUnit> units) throws IOException {
    int width;
    int height;
    // The coded size is in the keyframe: decode it once to learn it (a few ms).
    try (StreamDecoder probe = new StreamDecoder(units.get(0).codec())) {
      if (probe.decode(units.get(0), null) != DecodeStatus.FRAME) {
        throw new IOException("the first access unit does not decode");
      }
      width = probe.sourceWidth();
      height = probe.sourceHeight();
    }
    FrameBuffer picture = new FrameBuffer(width, height);
    try (StreamDecoder decoder = new StreamDecoder(units.get(0).codec())) {
      int last = units.size() - 1;
      for (int i = 0; i <= last; i++) {
        decoder.decode(units.get(i), i == last ? picture : null);
      }
    }
    if (!picture.hasFrame()) {
      throw new IOException("the requested picture did not decode");
    }
    return picture;
  }
}
