package org.bgpipsec.ipsec.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class Rfc6528IsnGeneratorTest {
  static final TcpConnectionId A =
      new TcpConnectionId(SegmentScript.LOCAL, 179, SegmentScript.REMOTE, 40000);

  @Test
  void advancesWithTheFourMicrosecondClockForTheSameTuple() {
    AtomicLong now = new AtomicLong(0);
    Rfc6528IsnGenerator isn = new Rfc6528IsnGenerator(new SecureRandom(), now::get);
    int first = isn.initialSequenceNumber(A);
    now.addAndGet(4_000_000L); // 4 ms = 1000 ticks
    assertThat(isn.initialSequenceNumber(A) - first).isEqualTo(1000);
  }

  @Test
  void differsPerTupleAndPerSecret() {
    AtomicLong now = new AtomicLong(0);
    Rfc6528IsnGenerator isn = new Rfc6528IsnGenerator(new SecureRandom(), now::get);
    Set<Integer> seen = new HashSet<>();
    for (int port = 40000; port < 40100; port++) {
      seen.add(
          isn.initialSequenceNumber(
              new TcpConnectionId(SegmentScript.LOCAL, 179, SegmentScript.REMOTE, port)));
    }
    assertThat(seen).hasSize(100);
    Rfc6528IsnGenerator other = new Rfc6528IsnGenerator(new SecureRandom(), now::get);
    assertThat(other.initialSequenceNumber(A)).isNotEqualTo(isn.initialSequenceNumber(A));
  }
}
