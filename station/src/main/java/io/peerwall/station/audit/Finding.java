package io.peerwall.station.audit;

import java.util.List;

/**
 * One thing the audit found about a camera: the rule and the values its words take (names, counts,
 * dates already formatted as text, so the words read the same in every output).
 */
public record Finding(AuditRule rule, List<String> args) {
  public Finding {
    args = List.copyOf(args);
  }

  static Finding of(AuditRule rule, Object... args) {
    return new Finding(rule, java.util.Arrays.stream(args).map(String::valueOf).toList());
  }

  public Verdict level() {
    return rule.level();
  }
}
