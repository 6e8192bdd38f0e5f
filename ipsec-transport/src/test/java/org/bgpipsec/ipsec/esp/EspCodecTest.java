package org.bgpipsec.ipsec.esp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EspCodecTest {
  private static final int SPI = 0xc0ffee01;

  static byte[] key(EspAlgorithm algorithm) {
    byte[] k = new byte[algorithm.keyMaterialLength()];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (17 * i + 3);
    }
    return k;
  }

  static EspTransform transform(EspAlgorithm algorithm) {
    return EspTransform.create(algorithm, key(algorithm));
  }

  static byte[] payload(int length) {
    byte[] p = new byte[length];
    for (int i = 0; i < length; i++) {
      p[i] = (byte) (i * 7 + 1);
    }
    return p;
  }

  private static EspOpenResult open(EspAlgorithm a, byte[] packet, long seq, boolean esn) {
    return EspCodec.open(transform(a), packet, 0, packet.length, seq, esn);
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void roundTripsEveryPaddingLengthWithAndWithoutEsn(EspAlgorithm a) {
    for (boolean esn : new boolean[] {false, true}) {
      for (int len = 0; len <= 9; len++) {
        long seq = esn ? (3L << 32) + len + 1 : len + 1;
        byte[] sealed = EspCodec.seal(transform(a), SPI, seq, esn, 6, payload(len), 0, len);
        assertThat(sealed.length).isEqualTo(EspCodec.sealedLength(a, len));
        assertThat((sealed.length - 8 - a.ivLength() - 16) % 4).isZero();
        assertThat(EspCodec.spi(sealed, 0)).isEqualTo(SPI);
        assertThat(EspCodec.sequenceLow(sealed, 0)).isEqualTo((int) seq);
        EspOpenResult r = open(a, sealed, seq, esn);
        assertThat(r).isEqualTo(r).isInstanceOf(EspOpenResult.Opened.class);
        assertThat(((EspOpenResult.Opened) r).payload()).isEqualTo(payload(len));
        assertThat(((EspOpenResult.Opened) r).nextHeader()).isEqualTo(6);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void openingIntoASeparateBufferLeavesThePacketSoAFailedAttemptCanBeRepeated(EspAlgorithm a) {
    // RFC 4303 A3.2 retries one packet with other high-order bits: the bytes must survive a
    // failed attempt (in place, JCA's GCM leaves the ciphertext overwritten).
    EspTransform t = transform(a);
    long seq = (5L << 32) + 77;
    byte[] sealed = EspCodec.seal(t, SPI, seq, true, 6, payload(100), 0, 100);
    byte[] arrived = sealed.clone();
    byte[] out = new byte[sealed.length];
    assertThat(EspCodec.open(t, sealed, 0, sealed.length, seq - (1L << 32), true, out, 0))
        .isEqualTo(new EspOpenResult.Failed(DropReason.ICV_MISMATCH));
    assertThat(sealed).isEqualTo(arrived);
    EspOpenResult r = EspCodec.open(t, sealed, 0, sealed.length, seq, true, out, 0);
    assertThat(((EspOpenResult.Opened) r).payload()).isEqualTo(payload(100));
    assertThat(((EspOpenResult.Opened) r).buffer()).isSameAs(a.encrypts() ? out : sealed);
    assertThat(sealed).isEqualTo(arrived);
  }

  @Test
  void paddingIsOneTwoThreeAndAlignsTheTrailer() {
    byte[] sealed =
        EspCodec.seal(
            transform(EspAlgorithm.NULL_HMAC_SHA256_128), SPI, 1, false, 6, payload(3), 0, 3);
    // 8 header + 3 payload + 3 padding + 2 trailer + 16 ICV.
    assertThat(sealed).hasSize(32);
    assertThat(Arrays.copyOfRange(sealed, 11, 16)).containsExactly(1, 2, 3, 3, 6);
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void everyFlippedBitIsAnIcvMismatch(EspAlgorithm a) {
    byte[] sealed = EspCodec.seal(transform(a), SPI, 9, false, 6, payload(24), 0, 24);
    for (int i = 0; i < sealed.length; i++) {
      byte[] forged = sealed.clone();
      forged[i] ^= 0x40;
      assertThat(open(a, forged, 9, false))
          .as("byte %d", i)
          .isEqualTo(new EspOpenResult.Failed(DropReason.ICV_MISMATCH));
    }
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void highSequenceBitsAreAuthenticatedWithEsn(EspAlgorithm a) {
    long seq = (7L << 32) | 42;
    byte[] sealed = EspCodec.seal(transform(a), SPI, seq, true, 6, payload(20), 0, 20);
    assertThat(open(a, sealed, seq, true)).isInstanceOf(EspOpenResult.Opened.class);
    assertThat(open(a, sealed, (8L << 32) | 42, true))
        .isEqualTo(new EspOpenResult.Failed(DropReason.ICV_MISMATCH));
    assertThat(open(a, sealed, 42, false))
        .isEqualTo(new EspOpenResult.Failed(DropReason.ICV_MISMATCH));
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void onlyGcmHidesThePayload(EspAlgorithm a) {
    byte[] p = payload(32);
    byte[] sealed = EspCodec.seal(transform(a), SPI, 1, false, 6, p, 0, p.length);
    int start = 8 + a.ivLength();
    boolean visible = Arrays.equals(Arrays.copyOfRange(sealed, start, start + p.length), p);
    assertThat(visible).isEqualTo(!a.encrypts());
  }

  @ParameterizedTest
  @EnumSource(
      value = EspAlgorithm.class,
      names = {"AES_GMAC_128", "AES_GCM_16_256"})
  void ivIsTheSequenceNumberAndNeverRepeats(EspAlgorithm a) {
    EspTransform t = transform(a);
    Set<String> ivs = new HashSet<>();
    for (long seq = 1; seq <= 50; seq++) {
      byte[] sealed = EspCodec.seal(t, SPI, seq, false, 6, payload(8), 0, 8);
      byte[] iv = Arrays.copyOfRange(sealed, 8, 16);
      assertThat(EspCodec.getInt(iv, 4)).isEqualTo((int) seq);
      assertThat(ivs.add(Arrays.toString(iv))).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void truncatedAndMisalignedPacketsAreMalformed(EspAlgorithm a) {
    byte[] sealed = EspCodec.seal(transform(a), SPI, 1, false, 6, payload(4), 0, 4);
    int minimum = 8 + a.ivLength() + 4 + 16;
    assertThat(sealed).hasSize(minimum + 4);
    for (int len = 0; len < sealed.length; len++) {
      EspOpenResult r = EspCodec.open(transform(a), sealed, 0, len, 1, false);
      assertThat(r).isInstanceOf(EspOpenResult.Failed.class);
      DropReason reason = ((EspOpenResult.Failed) r).reason();
      if (len < 8 + a.ivLength() + 2 + 16 || (len - 8 - a.ivLength() - 16) % 4 != 0) {
        assertThat(reason).as("length %d", len).isEqualTo(DropReason.MALFORMED);
      } else {
        assertThat(reason).as("length %d", len).isEqualTo(DropReason.ICV_MISMATCH);
      }
    }
  }

  @Test
  void overLongPacketWithTrailingGarbageFailsTheIcv() {
    EspAlgorithm a = EspAlgorithm.NULL_HMAC_SHA256_128;
    byte[] sealed = EspCodec.seal(transform(a), SPI, 1, false, 6, payload(4), 0, 4);
    byte[] longer = Arrays.copyOf(sealed, sealed.length + 4);
    assertThat(open(a, longer, 1, false))
        .isEqualTo(new EspOpenResult.Failed(DropReason.ICV_MISMATCH));
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void authenticPacketWithBadPaddingIsRejected(EspAlgorithm a) {
    // The ICV covers the padding, so a bad one can only come from a faulty (or hostile) peer.
    checkTrailer(a, new byte[] {1, 2, 9, 3, 6}, DropReason.BAD_PADDING); // padding 1, 2, 9
    checkTrailer(a, new byte[] {1, 2, 3, 40, 6}, DropReason.BAD_PADDING); // pad length too long
  }

  private static void checkTrailer(EspAlgorithm a, byte[] trailer, DropReason expected) {
    int iv = a.ivLength();
    int plaintext = 3 + trailer.length; // 3 payload bytes, then the given trailer
    byte[] packet = new byte[8 + iv + plaintext + 16];
    EspCodec.putInt(packet, 0, SPI);
    EspCodec.putInt(packet, 4, 1);
    System.arraycopy(trailer, 0, packet, 8 + iv + 3, trailer.length);
    EspTransform t = transform(a);
    t.seal(packet, plaintext, 1, false);
    assertThat(open(a, packet, 1, false)).isEqualTo(new EspOpenResult.Failed(expected));
  }

  @ParameterizedTest
  @EnumSource(EspAlgorithm.class)
  void destroyedKeysAreZeroedAndRefuseWork(EspAlgorithm a) {
    EspTransform t = transform(a);
    t.destroy();
    assertThat(t.isDestroyed()).isTrue();
    assertThatThrownBy(() -> EspCodec.seal(t, SPI, 1, false, 6, payload(4), 0, 4))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keyHandleZeroesItsBytes() {
    EspKey k = new EspKey("AES", new byte[] {1, 2, 3, 4});
    assertThat(k.getEncoded()).containsExactly(1, 2, 3, 4);
    k.destroy();
    assertThat(k.isDestroyed()).isTrue();
    assertThatThrownBy(k::getEncoded).isInstanceOf(IllegalStateException.class);
    assertThat(k.toString()).doesNotContain("1, 2");
  }

  @Test
  void wrongKeyLengthIsRefused() {
    assertThatThrownBy(() -> EspTransform.create(EspAlgorithm.AES_GCM_16_128, new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void algorithmNamesAndIkeIdentifiers() {
    assertThat(EspAlgorithm.byCliName("aes256gcm16")).contains(EspAlgorithm.AES_GCM_16_256);
    assertThat(EspAlgorithm.byCliName("des")).isEmpty();
    assertThat(EspAlgorithm.NULL_HMAC_SHA256_128.encryptionTransformId()).isEqualTo(11);
    assertThat(EspAlgorithm.NULL_HMAC_SHA256_128.integrityTransformId()).isEqualTo(12);
    assertThat(EspAlgorithm.AES_GMAC_256.encryptionTransformId()).isEqualTo(21);
    assertThat(EspAlgorithm.AES_GCM_16_128.keyMaterialLength()).isEqualTo(20);
  }
}
