package io.peerwall.p2p.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerwall.p2p.control.ControlMessage.PasswordFactsReply;
import io.peerwall.p2p.control.ControlMessage.PasswordFactsRequest;
import io.peerwall.p2p.control.ControlMessage.SiteKeyCreate;
import io.peerwall.p2p.control.ControlMessage.SiteKeyExport;
import io.peerwall.p2p.control.ControlMessage.SiteKeyImport;
import io.peerwall.p2p.control.ControlMessage.SiteKeySealed;
import io.peerwall.p2p.json.StrictJson;
import io.peerwall.p2p.sitekey.SiteKeyEnvelope;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The control channel's audit messages (password facts, site key sharing), strict and bounded like
 * the rest of {@link ControlCodec}, which hands them here. Optional fields are left out when null
 * and read as null when absent.
 */
final class AuditCodec {
  private static final Pattern TOKEN = Pattern.compile("[a-z][a-z0-9-]{0,23}");
  private static final Pattern SITE_KEY_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern TAG = Pattern.compile("[0-9a-f]{6}");
  private static final Pattern PEER_ID = Pattern.compile("[A-Z0-9-]{1,64}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
  // PublicIdentity.MAX_ENCODED (160 bytes) in base64.
  private static final int MAX_KEY_BASE64 = 216;
  private static final int MAX_VENDOR = 64;
  private static final int MAX_LENGTH = 4096;
  private static final long BIG = Long.MAX_VALUE / 4;

  private AuditCodec() {}

  static boolean handles(ControlMessage m) {
    return m instanceof PasswordFactsRequest
        || m instanceof PasswordFactsReply
        || m instanceof SiteKeyCreate
        || m instanceof SiteKeyExport
        || m instanceof SiteKeySealed
        || m instanceof SiteKeyImport;
  }

  static void encode(ControlMessage m, ObjectNode n) {
    if (m instanceof PasswordFactsRequest r) {
      n.put("type", "password-facts-request").put("id", r.id());
    } else if (m instanceof PasswordFactsReply r) {
      n.put("type", "password-facts").put("id", r.id());
      facts(r.facts(), n.putObject("facts"));
    } else if (m instanceof SiteKeyCreate c) {
      n.put("type", "site-key-create").put("id", c.id());
    } else if (m instanceof SiteKeyExport e) {
      n.put("type", "site-key-export").put("id", e.id()).put("to", e.recipientKey());
    } else if (m instanceof SiteKeySealed s) {
      n.put("type", "site-key-sealed").put("id", s.id()).put("envelope", s.envelope());
    } else if (m instanceof SiteKeyImport i) {
      n.put("type", "site-key-import")
          .put("id", i.id())
          .put("from", i.senderKey())
          .put("envelope", i.envelope());
    } else {
      throw new IllegalArgumentException("unknown control message");
    }
  }

  /** Decodes the audit message of {@code type}; IllegalArgumentException for anything else. */
  static ControlMessage decode(String type, JsonNode n) {
    switch (type) {
      case "password-facts-request":
        StrictJson.onlyFields(n, type, Set.of("type", "id"));
        return new PasswordFactsRequest(ControlCodec.id(n));
      case "password-facts":
        StrictJson.onlyFields(n, type, Set.of("type", "id", "facts"));
        return new PasswordFactsReply(ControlCodec.id(n), facts(n.get("facts")));
      case "site-key-create":
        StrictJson.onlyFields(n, type, Set.of("type", "id"));
        return new SiteKeyCreate(ControlCodec.id(n));
      case "site-key-export":
        StrictJson.onlyFields(n, type, Set.of("type", "id", "to"));
        return new SiteKeyExport(ControlCodec.id(n), base64(n, "to", MAX_KEY_BASE64));
      case "site-key-sealed":
        StrictJson.onlyFields(n, type, Set.of("type", "id", "envelope"));
        return new SiteKeySealed(
            ControlCodec.id(n), base64(n, "envelope", SiteKeyEnvelope.MAX_BASE64));
      case "site-key-import":
        StrictJson.onlyFields(n, type, Set.of("type", "id", "from", "envelope"));
        return new SiteKeyImport(
            ControlCodec.id(n),
            base64(n, "from", MAX_KEY_BASE64),
            base64(n, "envelope", SiteKeyEnvelope.MAX_BASE64));
      default:
        throw new IllegalArgumentException("unknown control type");
    }
  }

  private static void facts(PasswordFacts f, ObjectNode o) {
    if (f.password() != null) {
      PasswordFacts.Password p = f.password();
      ObjectNode n = o.putObject("password");
      n.put("setAt", p.setAtMillis()).put("origin", p.origin()).put("scan", p.scan());
      if (p.score() != null) {
        n.put("score", p.score());
      }
      if (p.length() != null) {
        n.put("length", p.length());
      }
    }
    listing(f.listed(), o, "listed");
    listing(f.lastRefused(), o, "lastRefused");
    if (f.reuse() != null) {
      PasswordFacts.Reuse r = f.reuse();
      ObjectNode n = o.putObject("reuse");
      n.put("state", r.state()).put("exports", r.exports());
      putIfSet(n, "siteKey", r.siteKeyId());
      putIfSet(n, "tag", r.tag());
      putIfSet(n, "lastExportTo", r.lastExportTo());
    }
  }

  private static void listing(PasswordFacts.Listing l, ObjectNode o, String field) {
    if (l != null) {
      ObjectNode n = o.putObject(field);
      n.put("list", l.list()).put("at", l.atMillis());
      putIfSet(n, "vendor", l.vendor());
    }
  }

  private static void putIfSet(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  private static PasswordFacts facts(JsonNode o) {
    StrictJson.requireObject(o, "facts");
    StrictJson.onlyFields(o, "facts", Set.of("password", "listed", "lastRefused", "reuse"));
    PasswordFacts.Password password = null;
    JsonNode p = o.get("password");
    if (p != null) {
      StrictJson.requireObject(p, "password");
      StrictJson.onlyFields(p, "password", Set.of("setAt", "origin", "score", "length", "scan"));
      Long score = StrictJson.optInteger(p, "score", 0, 4);
      Long length = StrictJson.optInteger(p, "length", 0, MAX_LENGTH);
      password =
          new PasswordFacts.Password(
              StrictJson.integer(p, "setAt", 0, BIG),
              token(p, "origin"),
              score == null ? null : score.intValue(),
              length == null ? null : length.intValue(),
              token(p, "scan"));
    }
    PasswordFacts.Reuse reuse = null;
    JsonNode r = o.get("reuse");
    if (r != null) {
      StrictJson.requireObject(r, "reuse");
      StrictJson.onlyFields(
          r, "reuse", Set.of("state", "siteKey", "tag", "exports", "lastExportTo"));
      reuse =
          new PasswordFacts.Reuse(
              token(r, "state"),
              optMatching(r, "siteKey", SITE_KEY_ID, 16),
              optMatching(r, "tag", TAG, 6),
              StrictJson.integer(r, "exports", 0, BIG),
              optMatching(r, "lastExportTo", PEER_ID, 64));
    }
    return new PasswordFacts(
        password,
        listing(o.get("listed"), "listed"),
        listing(o.get("lastRefused"), "lastRefused"),
        reuse);
  }

  private static PasswordFacts.Listing listing(JsonNode n, String what) {
    if (n == null) {
      return null;
    }
    StrictJson.requireObject(n, what);
    StrictJson.onlyFields(n, what, Set.of("list", "vendor", "at"));
    String vendor = StrictJson.optText(n, "vendor", MAX_VENDOR);
    if (vendor != null) {
      vendor = ControlCodec.printable(n, "vendor");
    }
    return new PasswordFacts.Listing(token(n, "list"), vendor, StrictJson.integer(n, "at", 0, BIG));
  }

  private static String token(JsonNode n, String field) {
    String s = StrictJson.text(n, field, 24);
    if (!TOKEN.matcher(s).matches()) {
      throw new IllegalArgumentException("field '" + field + "' must be a lower-case word");
    }
    return s;
  }

  private static String optMatching(JsonNode n, String field, Pattern p, int max) {
    String s = StrictJson.optText(n, field, max);
    if (s != null && !p.matcher(s).matches()) {
      throw new IllegalArgumentException("field '" + field + "' is malformed");
    }
    return s;
  }

  private static String base64(JsonNode n, String field, int max) {
    String s = StrictJson.text(n, field, max);
    if (!BASE64.matcher(s).matches()) {
      throw new IllegalArgumentException("field '" + field + "' must be base64");
    }
    return s;
  }
}
