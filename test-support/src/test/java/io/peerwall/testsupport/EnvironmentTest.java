package io.peerwall.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class EnvironmentTest {
  @Test
  void aMissingRequirementFailsUnderCiAndSkipsElsewhere() {
    assertThatCode(() -> Environment.require(true, "nothing")).doesNotThrowAnyException();
    assertThatThrownBy(() -> Environment.require(false, "coturn is not installed"))
        .isInstanceOf(Environment.ci() ? AssertionFailedError.class : TestAbortedException.class)
        .hasMessageContaining("coturn is not installed");
  }
}
