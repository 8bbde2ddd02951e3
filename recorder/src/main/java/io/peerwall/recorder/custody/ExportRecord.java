package io.peerwall.recorder.custody;

import java.util.HexFormat;
import java.util.List;

/**
 * One export as the export log keeps it (issue 15.4). Times in microseconds since the epoch.
 *
 * @param operator the OS user who exported
 * @param cameras the cameras exported, in order, with their names at the time
 * @param fromMicros start of the exported range
 * @param toMicros end of the exported range
 * @param fileName the output file as the exporter named it
 * @param sha256 SHA-256 of the output file (32 bytes)
 * @param signed whether the file carries the station's signature (ONVIF export file format)
 */
public record ExportRecord(
    long id,
    long atMicros,
    String operator,
    List<Camera> cameras,
    long fromMicros,
    long toMicros,
    String fileName,
    byte[] sha256,
    boolean signed) {

  /** A camera of an export: its ID and its name when exported. */
  public record Camera(String cameraId, String name) {}

  public ExportRecord {
    cameras = List.copyOf(cameras);
    sha256 = sha256.clone();
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  public String sha256Hex() {
    return HexFormat.of().formatHex(sha256);
  }
}
