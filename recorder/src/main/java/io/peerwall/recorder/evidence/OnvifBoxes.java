package io.peerwall.recorder.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ONVIF Export File Format boxes PeerWall writes and reads (docs/evidence.md has the mapping):
 * the SurveillanceExportBox 'suep' (version 1), the CorrectStartTimeBox 'cstb', the SchemeTypeBox
 * 'schm' naming the ONVIF scheme, and how PeerWall IDs appear in them ({@code peerwall:station:ID},
 * {@code peerwall:camera:ID} as the unit's and the source's URL).
 */
final class OnvifBoxes {
  /** scheme_type of the ONVIF Export File Format: 0x6F656666 ("oeff"). */
  static final int SCHEME_TYPE = 0x6F656666;

  /** scheme_version 1.0. */
  static final int SCHEME_VERSION = 0x00010000;

  static final String STATION_URL = "peerwall:station:";
  static final String CAMERA_URL = "peerwall:camera:";

  /** Seconds from 1904-01-01 (ISO/IEC 14496-12 times) to 1970-01-01. */
  private static final long ISO_EPOCH_OFFSET = 2_082_844_800L;

  /** 100 ns intervals from 1601-01-01 (cstb times) to 1970-01-01. */
  private static final long FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000L;

  private static final int MAX_TEXT = 4096;
  private static final int MAX_TRACKS = 256;

  private OnvifBoxes() {}

  static byte[] suep(ExportDescription d) {
    BoxWriter w = BoxWriter.fullBox(1, 0);
    w.string(d.stationName())
        .string(STATION_URL + d.stationId())
        .string("") // ExportUnitMAC: a station has no single MAC that identifies it
        .u64(d.exportTime().getEpochSecond() + ISO_EPOCH_OFFSET)
        .string(d.operator())
        .u32(d.tracks().size());
    for (ExportDescription.Track t : d.tracks()) {
      w.u16(t.trackId())
          .string(t.cameraName())
          .string(CAMERA_URL + t.cameraId())
          .string("") // SourceMAC: unknown to the station
          .string(""); // SourceLine: one stream per camera ID
    }
    return w.finish("suep");
  }

  static byte[] cstb(ExportDescription d) {
    BoxWriter w = BoxWriter.box().u32(d.tracks().size());
    for (ExportDescription.Track t : d.tracks()) {
      w.u32(t.trackId()).u64(toFiletime(t.startTime()));
    }
    return w.finish("cstb");
  }

  static byte[] schm() {
    return BoxWriter.fullBox(0, 0).u32(SCHEME_TYPE).u32(SCHEME_VERSION).finish("schm");
  }

  /** What 'suep' (and 'cstb', if present) say, as an export description. */
  static ExportDescription read(byte[] suepPayload, byte[] cstbPayload)
      throws MalformedFileException {
    PayloadReader r = new PayloadReader(suepPayload, "suep");
    int version = r.u8();
    r.bytes(3);
    if (version != 1) {
      throw r.malformed("version " + version + " (PeerWall reads version 1)");
    }
    String unitName = r.string(MAX_TEXT);
    String unitUrl = r.string(MAX_TEXT);
    r.string(MAX_TEXT); // MAC
    long isoSeconds = r.u64();
    String operator = r.string(MAX_TEXT);
    long count = r.u32();
    if (count > MAX_TRACKS) {
      throw r.malformed(count + " tracks");
    }
    Map<Integer, Instant> starts = cstbPayload == null ? Map.of() : startTimes(cstbPayload);
    List<ExportDescription.Track> tracks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int trackId = r.u16();
      String name = r.string(MAX_TEXT);
      String url = r.string(MAX_TEXT);
      r.string(MAX_TEXT); // MAC
      r.string(MAX_TEXT); // line
      if (trackId == 0) {
        throw r.malformed("track ID 0");
      }
      tracks.add(
          new ExportDescription.Track(
              trackId,
              name,
              stripPrefix(url, CAMERA_URL),
              starts.getOrDefault(trackId, Instant.EPOCH)));
    }
    Instant exportTime;
    try {
      exportTime = Instant.ofEpochSecond(isoSeconds - ISO_EPOCH_OFFSET);
    } catch (java.time.DateTimeException e) {
      throw r.malformed("an export time out of range");
    }
    return new ExportDescription(
        unitName, stripPrefix(unitUrl, STATION_URL), exportTime, operator, tracks);
  }

  private static Map<Integer, Instant> startTimes(byte[] payload) throws MalformedFileException {
    PayloadReader r = new PayloadReader(payload, "cstb");
    long count = r.u32();
    if (count > MAX_TRACKS) {
      throw r.malformed(count + " tracks");
    }
    Map<Integer, Instant> starts = new HashMap<>();
    for (int i = 0; i < count; i++) {
      long track = r.u32();
      long filetime = r.u64();
      if (track > 0 && track <= 0xffff) {
        try {
          starts.put((int) track, fromFiletime(filetime));
        } catch (java.time.DateTimeException | ArithmeticException e) {
          throw r.malformed("a start time out of range");
        }
      }
    }
    return starts;
  }

  private static String stripPrefix(String url, String prefix) {
    return url.startsWith(prefix) ? url.substring(prefix.length()) : url;
  }

  static long toFiletime(Instant t) {
    return FILETIME_EPOCH_OFFSET + t.getEpochSecond() * 10_000_000L + t.getNano() / 100;
  }

  static Instant fromFiletime(long filetime) {
    long since1970 = filetime - FILETIME_EPOCH_OFFSET;
    return Instant.EPOCH
        .plus(Duration.ofNanos(Math.floorMod(since1970, 10_000_000L) * 100))
        .plusSeconds(Math.floorDiv(since1970, 10_000_000L));
  }
}
