package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadTypeTest {
  /** The lookup table answers as a search of the enum does, for every code and beyond. */
  @Test
  void fromCodeMatchesASearchOfTheValues() {
    for (int code = -2; code <= 300; code++) {
      int c = code;
      Optional<PayloadType> searched =
          Arrays.stream(PayloadType.values()).filter(t -> t.code() == c).findFirst();
      assertThat(PayloadType.fromCode(code)).as("code %d", code).isEqualTo(searched);
    }
    assertThat(PayloadType.fromCode(46)).contains(PayloadType.ENCRYPTED);
    assertThat(PayloadType.fromCode(49)).isEmpty();
  }
}
