package io.peerwall.p2p.rendezvous;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * StrictJson's rules, but strings up to one rendezvous line (payloads are whole signaling lines).
 */
final class RelaxedStringsJson {
  static final ObjectMapper MAPPER = create();

  private RelaxedStringsJson() {}

  private static ObjectMapper create() {
    JsonFactory f =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(4)
                    .maxStringLength(RendezvousCodec.MAX_LINE_BYTES)
                    .maxNumberLength(24)
                    .maxNameLength(32)
                    .maxDocumentLength(RendezvousCodec.MAX_LINE_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    ObjectMapper m = new ObjectMapper(f);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return m;
  }
}
