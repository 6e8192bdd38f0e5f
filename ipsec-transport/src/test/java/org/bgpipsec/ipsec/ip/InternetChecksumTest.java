package org.bgpipsec.ipsec.ip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
  /** RFC 1071 section 1, taken literally: 16-bit words, end-around carry after every add. */
  static int reference(long partial16, byte[] d, int off, int len) {
    long sum = partial16;
    for (int i = 0; i < len; i += 2) {
      int hi = d[off + i] & 0xff;
      int lo = i + 1 < len ? d[off + i + 1] & 0xff : 0;
      sum += (hi << 8) | lo;
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  @Test
  void wordWiseSumMatchesTheLiteralDefinition() {
    Random r = new Random(1);
    for (int n = 0; n < 2000; n++) {
      byte[] data = new byte[1 + r.nextInt(3000)];
      r.nextBytes(data);
      if (n % 7 == 0) {
        java.util.Arrays.fill(data, (byte) 0xff);
      }
      int off = r.nextInt(data.length);
      int len = r.nextInt(data.length - off + 1);
      assertThat(InternetChecksum.compute(data, off, len))
          .as("length %d at %d", len, off)
          .isEqualTo(reference(0, data, off, len));
    }
  }

  @Test
  void partialSumsCombine() {
    Random r = new Random(2);
    byte[] a = new byte[12];
    byte[] b = new byte[1001];
    r.nextBytes(a);
    r.nextBytes(b);
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    long partial = InternetChecksum.add(0, a, 0, a.length);
    assertThat(InternetChecksum.finish(InternetChecksum.add(partial, b, 0, b.length)))
        .isEqualTo(reference(0, both, 0, both.length));
  }
}
