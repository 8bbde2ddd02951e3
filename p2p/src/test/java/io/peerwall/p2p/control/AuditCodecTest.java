package io.peerwall.p2p.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwall.p2p.identity.Identity;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The audit messages on the control channel: round trip, optional fields, strict refusals. */
class AuditCodecTest {
  static final PasswordFacts FULL =
      new PasswordFacts(
          new PasswordFacts.Password(1_700_000_000_000L, "checked", 4, 34, "not-needed"),
          new PasswordFacts.Listing("mirai", null, 1_700_000_000_001L),
          new PasswordFacts.Listing("seclists", "Hikvision", 1_700_000_000_002L),
          new PasswordFacts.Reuse("tagged", "0123456789abcdef", "a1b2c3", 2, "K7QD-ABC1"));
  static final PasswordFacts LEGACY =
      new PasswordFacts(
          new PasswordFacts.Password(5, "legacy", null, null, "pending"),
          null,
          null,
          new PasswordFacts.Reuse("no-site-key", null, null, 0, null));

  private static ControlMessage decode(String json) {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return ControlCodec.decode(b, b.length);
  }

  private static ControlMessage roundTrip(ControlMessage m) {
    byte[] b = ControlCodec.encode(m);
    return ControlCodec.decode(b, b.length);
  }

  @Test
  void everyAuditMessageRoundTrips() {
    String key = Identity.generate().publicIdentity().base64();
    for (ControlMessage m :
        new ControlMessage[] {
          new ControlMessage.PasswordFactsRequest(1),
          new ControlMessage.PasswordFactsReply(1, FULL),
          new ControlMessage.PasswordFactsReply(2, LEGACY),
          new ControlMessage.PasswordFactsReply(3, new PasswordFacts(null, null, null, null)),
          new ControlMessage.SiteKeyCreate(4),
          new ControlMessage.SiteKeyExport(5, key),
          new ControlMessage.SiteKeySealed(5, "AQID" + "A".repeat(300)),
          new ControlMessage.SiteKeyImport(6, key, "AQID")
        }) {
      assertThat(roundTrip(m)).isEqualTo(m);
    }
  }

  @Test
  void whatACameraCouldNotKnowIsSimplyAbsent() {
    ControlMessage m =
        decode(
            "{\"type\":\"password-facts\",\"id\":3,\"facts\":{\"password\":{\"setAt\":5,"
                + "\"origin\":\"legacy\",\"scan\":\"pending\"}}}");
    PasswordFacts f = ((ControlMessage.PasswordFactsReply) m).facts();
    assertThat(f.password().score()).isNull();
    assertThat(f.password().length()).isNull();
    assertThat(f.listed()).isNull();
    assertThat(f.reuse()).isNull();
    // A word a newer camera may send is kept as sent.
    PasswordFacts newer =
        ((ControlMessage.PasswordFactsReply)
                decode(
                    "{\"type\":\"password-facts\",\"id\":3,\"facts\":{\"listed\":{\"list\":"
                        + "\"rockyou\",\"at\":1}}}"))
            .facts();
    assertThat(newer.listed().label()).isEqualTo("rockyou");
  }

  @Test
  void malformedAuditMessagesAreRefused() {
    for (String bad :
        new String[] {
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":{\"extra\":1}}",
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":{\"password\":{\"setAt\":1,"
              + "\"origin\":\"Checked!\",\"scan\":\"x\"}}}",
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":{\"password\":{\"setAt\":1,"
              + "\"origin\":\"checked\",\"scan\":\"x\",\"score\":5}}}",
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":{\"reuse\":{\"state\":\"tagged\","
              + "\"exports\":0,\"tag\":\"A1B2C3\"}}}",
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":{\"reuse\":{\"state\":\"tagged\","
              + "\"exports\":0,\"siteKey\":\"0123\"}}}",
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":{\"listed\":{\"list\":\"mirai\","
              + "\"at\":1,\"vendor\":\"a\\u0007b\"}}}",
          "{\"type\":\"password-facts\",\"id\":1,\"facts\":[]}",
          "{\"type\":\"site-key-export\",\"id\":1,\"to\":\"not base64!\"}",
          "{\"type\":\"site-key-sealed\",\"id\":1,\"envelope\":\"" + "A".repeat(600) + "\"}",
          "{\"type\":\"site-key-import\",\"id\":1,\"from\":\"AAAA\"}",
          "{\"type\":\"site-key-create\",\"id\":1,\"password\":\"x\"}"
        }) {
      assertThatThrownBy(() -> decode(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
