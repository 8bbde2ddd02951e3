package io.peerwall.p2p.blocklist;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the public lists as they are published (each file is the upstream text; see SOURCES.md):
 * the Mirai list ("user password" lines), the SecLists CSV (Vendor,Username,Password,Comments with
 * &lt;BLANK&gt; and &lt;N/A&gt; placeholders), the DefaultCreds CSV (Product/Vendor, Username,
 * Password with spaces around the commas) and PeerWall's own one-per-line list.
 *
 * <p>What is not a password is skipped: empty fields and the lists' placeholders (&lt;BLANK&gt;,
 * &lt;N/A&gt;, (none), None, any value wholly in parentheses or angle brackets such as "(serial
 * number)" or "&lt;SEE COMMENT&gt;"). Descriptions written in the password column ("serial number
 * of the Call-UPS") are kept: refusing them costs nothing.
 */
final class DefaultCredentialLists {
  private static final CsvMapper CSV = new CsvMapper();

  private DefaultCredentialLists() {}

  /** Every password of {@code list}, read from its resource file, in file order. */
  static List<DefaultCredential> read(BlocklistSource list) {
    try (InputStream in = resource(list.resource());
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return switch (list) {
        case MIRAI -> mirai(r);
        case SECLISTS -> vendorCsv(r, list, 1, 0, 2);
        case DEFAULTCREDS -> vendorCsv(r, list, 1, 0, 2);
        case COMMON -> common(r);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the blocklist " + list.resource(), e);
    }
  }

  static InputStream resource(String name) throws IOException {
    InputStream in = DefaultCredentialLists.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("blocklist resource " + name + " is missing from the build");
    }
    return in;
  }

  static boolean isPlaceholder(String password) {
    String p = password.strip();
    return p.isEmpty()
        || p.equals("<BLANK>")
        || p.equals("<N/A>")
        || p.equals("(none)")
        || p.equals("None")
        || (p.startsWith("(") && p.endsWith(")"))
        || (p.startsWith("<") && p.endsWith(">"));
  }

  private static List<DefaultCredential> mirai(Reader r) throws IOException {
    List<DefaultCredential> out = new ArrayList<>();
    BufferedReader lines = new BufferedReader(r);
    for (String line; (line = lines.readLine()) != null; ) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String password = line.substring(space + 1).strip();
      if (!isPlaceholder(password)) {
        out.add(new DefaultCredential(BlocklistSource.MIRAI, null, password));
      }
    }
    return out;
  }

  private static List<DefaultCredential> common(Reader r) throws IOException {
    List<DefaultCredential> out = new ArrayList<>();
    BufferedReader lines = new BufferedReader(r);
    for (String line; (line = lines.readLine()) != null; ) {
      String p = line.strip();
      if (!p.isEmpty() && !p.startsWith("#")) {
        out.add(new DefaultCredential(BlocklistSource.COMMON, null, p));
      }
    }
    return out;
  }

  private static List<DefaultCredential> vendorCsv(
      Reader r, BlocklistSource list, int headerRows, int vendorColumn, int passwordColumn)
      throws IOException {
    List<DefaultCredential> out = new ArrayList<>();
    try (MappingIterator<String[]> rows =
        CSV.readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvParser.Feature.TRIM_SPACES)
            .readValues(r)) {
      int row = 0;
      while (rows.hasNextValue()) {
        String[] cols = rows.nextValue();
        if (row++ < headerRows || cols.length <= passwordColumn) {
          continue;
        }
        String password = cols[passwordColumn].strip();
        if (!isPlaceholder(password)) {
          out.add(new DefaultCredential(list, cols[vendorColumn].strip(), password));
        }
      }
    }
    return out;
  }
}
