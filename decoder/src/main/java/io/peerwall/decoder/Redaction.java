package io.peerwall.decoder;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from URLs and free text before they reach a log, an exception message or the
 * UI.
 *
 * <p>Camera URLs carry passwords in two common ways: user info ({@code
 * rtsp://admin:secret@cam/stream}) and query or path parameters ({@code ...?user=admin&password=x},
 * {@code .../user=admin_password=x_channel=1}). Both are replaced by {@code ***}. The host, port
 * and the rest of the path stay, so a message still says which camera failed.
 */
public final class Redaction {

  private static final String MASK = "***";

  // scheme://userinfo@ : userinfo is everything up to the last '@' before the path.
  private static final Pattern USER_INFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)([^/?#\\s@]*@)+");

  // key=value pairs whose key names a secret or an account, as used in camera URLs. The value
  // runs to the next '&', ';', '/', '#' or blank; with '_' separators (user=a_password=b_...) the
  // first match swallows the rest, which over-redacts rather than leaks.
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([a-z0-9_]*(?:pass(?:word)?|passwd|pwd|user(?:name)?|usr|login|token|auth|key|secret))"
              + "=([^&;/\\s#]*)");

  private Redaction() {}

  /** {@code text} with every URL user info and secret parameter value replaced by ***. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result =
        USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
    return SECRET_PARAMETER
        .matcher(result)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
  }
}
