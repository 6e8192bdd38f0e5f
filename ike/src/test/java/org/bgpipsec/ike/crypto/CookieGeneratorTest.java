package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CookieGeneratorTest {
  private static final byte[] NI = IkeSaKeysTest.filled(32, 0x5a);
  private static final long SPI = 0x0a0b0c0d0e0f1011L;

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-11-27T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final CookieGenerator cookies =
      new CookieGenerator(clock, new SecureRandom(), Duration.ofMinutes(1));

  private static InetAddress address(String a) throws Exception {
    return InetAddress.getByName(a);
  }

  @Test
  void validCookieIsAccepted() throws Exception {
    byte[] c = cookies.cookie(NI, address("192.0.2.1"), SPI);
    assertThat(c).hasSize(CookieGenerator.COOKIE_LENGTH).hasSizeLessThanOrEqualTo(64);
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI)).isTrue();
  }

  @Test
  void cookieIsBoundToNonceAddressAndSpi() throws Exception {
    byte[] c = cookies.cookie(NI, address("192.0.2.1"), SPI);
    assertThat(cookies.verify(c, IkeSaKeysTest.filled(32, 1), address("192.0.2.1"), SPI)).isFalse();
    assertThat(cookies.verify(c, NI, address("192.0.2.2"), SPI)).isFalse();
    assertThat(cookies.verify(c, NI, address("2001:db8::1"), SPI)).isFalse();
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI + 1)).isFalse();
  }

  @Test
  void forgedCookiesAreRefused() throws Exception {
    byte[] c = cookies.cookie(NI, address("192.0.2.1"), SPI);
    for (int i = 0; i < c.length; i++) {
      byte[] forged = c.clone();
      forged[i] ^= 0x40;
      assertThat(cookies.verify(forged, NI, address("192.0.2.1"), SPI)).as("octet %d", i).isFalse();
    }
    assertThat(
            cookies.verify(new byte[CookieGenerator.COOKIE_LENGTH], NI, address("192.0.2.1"), SPI))
        .isFalse();
    assertThat(cookies.verify(java.util.Arrays.copyOf(c, 20), NI, address("192.0.2.1"), SPI))
        .isFalse();
  }

  @Test
  void previousSecretStillWorksButOlderOnesAreStale() throws Exception {
    byte[] c = cookies.cookie(NI, address("192.0.2.1"), SPI);
    clock.advance(Duration.ofSeconds(61));
    byte[] fresh = cookies.cookie(NI, address("192.0.2.1"), SPI);
    assertThat(fresh).isNotEqualTo(c);
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI)).isTrue();
    clock.advance(Duration.ofSeconds(61));
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI)).isFalse();
    assertThat(cookies.verify(fresh, NI, address("192.0.2.1"), SPI)).isTrue();
  }

  @Test
  void longIdleDropsBothSecrets() throws Exception {
    byte[] c = cookies.cookie(NI, address("192.0.2.1"), SPI);
    clock.advance(Duration.ofMinutes(10));
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI)).isFalse();
  }

  @Test
  void explicitRotationKeepsOnePreviousSecret() throws Exception {
    byte[] c = cookies.cookie(NI, address("192.0.2.1"), SPI);
    cookies.rotate();
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI)).isTrue();
    cookies.rotate();
    assertThat(cookies.verify(c, NI, address("192.0.2.1"), SPI)).isFalse();
  }

  @Test
  void cookieIsAPureFunctionOfItsInputs() {
    byte[] secret = IkeSaKeysTest.filled(32, 3);
    byte[] a = CookieGenerator.compute(7, secret, NI, new byte[] {(byte) 192, 0, 2, 1}, SPI);
    byte[] b = CookieGenerator.compute(7, secret, NI, new byte[] {(byte) 192, 0, 2, 1}, SPI);
    assertThat(a).isEqualTo(b);
    assertThat(a[3]).isEqualTo((byte) 7);
  }
}
