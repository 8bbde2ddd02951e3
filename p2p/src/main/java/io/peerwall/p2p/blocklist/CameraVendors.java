package io.peerwall.p2p.blocklist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The camera/IoT subset of the vendor lists (camera-vendors.tsv): which vendor rows are camera,
 * DVR, NVR or webcam defaults, and the name they are shown under. Exact vendor strings, not
 * patterns, so that a vendor's routers or printers in the same list are not taken along.
 */
final class CameraVendors {
  static final String RESOURCE = "camera-vendors.tsv";

  /** A selected vendor row key: list + vendor column as written. */
  record Key(BlocklistSource list, String vendor) {}

  private final Map<Key, String> shownAs;

  private CameraVendors(Map<Key, String> shownAs) {
    this.shownAs = shownAs;
  }

  static CameraVendors load() {
    Map<Key, String> m = new LinkedHashMap<>();
    try (InputStream in = DefaultCredentialLists.resource(RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      int n = 0;
      for (String line; (line = r.readLine()) != null; ) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        BlocklistSource list = f.length == 4 ? BlocklistSource.fromId(f[0]) : null;
        if (list == null
            || (list != BlocklistSource.SECLISTS && list != BlocklistSource.DEFAULTCREDS)) {
          throw new IllegalStateException(
              RESOURCE + " line " + n + " is not list<TAB>vendor<TAB>shown as<TAB>why");
        }
        m.put(new Key(list, f[1]), f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return new CameraVendors(Map.copyOf(m));
  }

  /** The name a camera vendor row is shown under, or null when the row is not a camera row. */
  String shownAs(BlocklistSource list, String vendor) {
    return vendor == null ? null : shownAs.get(new Key(list, vendor));
  }

  Map<Key, String> all() {
    return shownAs;
  }
}
