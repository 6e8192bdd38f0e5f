package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IntegrityAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.SkCipher;
import org.bgpipsec.ike.message.UnprotectResult.DropReason;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SkProtectionTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  static SkCipher cipher(EncryptionAlgorithm enc, IntegrityAlgorithm integ, byte seed) {
    byte[] e = new byte[enc.keyMaterialLength()];
    Arrays.fill(e, seed);
    KeyMaterial a = null;
    if (integ != null) {
      byte[] ai = new byte[integ.keyLength()];
      Arrays.fill(ai, (byte) (seed + 1));
      a = KeyMaterial.copyOf(ai);
    }
    return SkCipher.create(enc, integ, KeyMaterial.copyOf(e), a, RANDOM);
  }

  static IntegrityAlgorithm integrityFor(EncryptionAlgorithm enc) {
    return enc.isAead() ? null : IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128;
  }

  private static List<Payload> inner() {
    return IkeMessageCodecTest.sampleInner().payloads();
  }

  private static IkeHeader header() {
    return IkeMessageCodecTest.sampleInner().header();
  }

  @ParameterizedTest
  @EnumSource(EncryptionAlgorithm.class)
  void roundTripsEverySuite(EncryptionAlgorithm enc) {
    for (IntegrityAlgorithm integ :
        enc.isAead() ? new IntegrityAlgorithm[] {null} : IntegrityAlgorithm.values()) {
      byte[] wire = SkProtection.protect(header(), inner(), cipher(enc, integ, (byte) 1));
      UnprotectResult r = SkProtection.unprotect(wire, cipher(enc, integ, (byte) 1));
      assertThat(r).isEqualTo(new UnprotectResult.Opened(new IkeMessage(header(), inner())));
    }
  }

  @ParameterizedTest
  @EnumSource(EncryptionAlgorithm.class)
  void anyFlippedBitFailsIntegrity(EncryptionAlgorithm enc) {
    byte[] wire = SkProtection.protect(header(), inner(), cipher(enc, integrityFor(enc), (byte) 1));
    for (int i = 0; i < wire.length; i += 7) {
      if (i >= 24 && i < 28) {
        continue; // the Length field: that is a malformed message, checked below
      }
      byte[] tampered = wire.clone();
      tampered[i] ^= 0x01;
      UnprotectResult r =
          SkProtection.unprotect(tampered, cipher(enc, integrityFor(enc), (byte) 1));
      assertThat(r).as("flip at %d", i).isInstanceOf(UnprotectResult.Dropped.class);
    }
  }

  @ParameterizedTest
  @EnumSource(EncryptionAlgorithm.class)
  void wrongKeyFailsIntegrity(EncryptionAlgorithm enc) {
    byte[] wire = SkProtection.protect(header(), inner(), cipher(enc, integrityFor(enc), (byte) 1));
    assertThat(SkProtection.unprotect(wire, cipher(enc, integrityFor(enc), (byte) 9)))
        .isEqualTo(new UnprotectResult.Dropped(DropReason.INTEGRITY_FAILED));
  }

  @Test
  void unprotectedMessageIsDropped() {
    byte[] wire = IkeMessageCodec.encode(IkeMessageCodecTest.sampleInit());
    assertThat(
            SkProtection.unprotect(
                wire, cipher(EncryptionAlgorithm.ENCR_AES_GCM_16_128, null, (byte) 1)))
        .isEqualTo(new UnprotectResult.Dropped(DropReason.NOT_PROTECTED));
    assertThat(
            SkProtection.unprotect(
                new byte[5], cipher(EncryptionAlgorithm.ENCR_AES_GCM_16_128, null, (byte) 1)))
        .isEqualTo(new UnprotectResult.Dropped(DropReason.MALFORMED));
  }

  @Test
  void misalignedCbcCiphertextIsDroppedBeforeDecryption() {
    byte[] wire =
        IkeMessageCodec.encode(
            new IkeMessage(
                header(), List.of(new EncryptedPayload(35, Octets.of(new byte[16 + 17 + 16])))));
    SkCipher c =
        cipher(
            EncryptionAlgorithm.ENCR_AES_CBC_128,
            IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128,
            (byte) 1);
    assertThat(SkProtection.unprotect(wire, c))
        .isEqualTo(new UnprotectResult.Dropped(DropReason.BAD_LENGTH));
  }

  /** Authentic content that does not decode is answered, not dropped (RFC 7296 2.21.2). */
  @Test
  void authenticButMalformedInnerPayloadsAreInvalidSyntax() {
    List<Payload> badInner =
        List.of(new UnknownPayload(PayloadType.NONCE.code(), false, Octets.of(new byte[3])));
    for (EncryptionAlgorithm enc : EncryptionAlgorithm.values()) {
      byte[] wire =
          SkProtection.protect(header(), badInner, cipher(enc, integrityFor(enc), (byte) 1));
      UnprotectResult r = SkProtection.unprotect(wire, cipher(enc, integrityFor(enc), (byte) 1));
      assertThat(r).isInstanceOf(UnprotectResult.Invalid.class);
      UnprotectResult.Invalid invalid = (UnprotectResult.Invalid) r;
      assertThat(invalid.error().notifyType()).isEqualTo(NotifyType.INVALID_SYNTAX);
      assertThat(invalid.header()).isEqualTo(header());
    }
  }

  @Test
  void padLengthBeyondThePlaintextIsInvalidSyntax() throws Exception {
    // Build a GCM SK payload whose plaintext is one octet 0x05: Pad Length 5 with nothing before.
    byte[] key = new byte[20];
    Arrays.fill(key, (byte) 1);
    byte[] wire = sealRawGcm(key, new byte[] {5});
    SkCipher c = cipher(EncryptionAlgorithm.ENCR_AES_GCM_16_128, null, (byte) 1);
    UnprotectResult r = SkProtection.unprotect(wire, c);
    assertThat(r).isInstanceOf(UnprotectResult.Invalid.class);
    assertThat(((UnprotectResult.Invalid) r).error().notifyType())
        .isEqualTo(NotifyType.INVALID_SYNTAX);
  }

  /** Decrypts our AES-GCM SK payload with Bouncy Castle's GCM: an independent implementation. */
  @Test
  void gcmOutputOpensWithAnIndependentImplementation() throws Exception {
    byte[] wire =
        SkProtection.protect(
            header(), inner(), cipher(EncryptionAlgorithm.ENCR_AES_GCM_16_128, null, (byte) 1));
    int aadLength = IkeHeader.LENGTH + 4;
    byte[] nonce = new byte[12];
    Arrays.fill(nonce, 0, 4, (byte) 1); // salt = last 4 octets of SK_e
    System.arraycopy(wire, aadLength, nonce, 4, 8);
    GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
    byte[] aesKey = new byte[16];
    Arrays.fill(aesKey, (byte) 1);
    gcm.init(
        false,
        new AEADParameters(new KeyParameter(aesKey), 128, nonce, Arrays.copyOf(wire, aadLength)));
    byte[] sealed = Arrays.copyOfRange(wire, aadLength + 8, wire.length);
    byte[] plain = new byte[gcm.getOutputSize(sealed.length)];
    int n = gcm.processBytes(sealed, 0, sealed.length, plain, 0);
    gcm.doFinal(plain, n);
    int pad = plain[plain.length - 1];
    assertThat(pad).isZero();
    assertThat(Arrays.copyOf(plain, plain.length - 1))
        .isEqualTo(IkeMessageCodec.encodePayloads(inner()));
  }

  /** Checks our CBC + HMAC-SHA-256-128 checksum and ciphertext with Bouncy Castle and SunJCE. */
  @Test
  void cbcHmacOutputVerifiesWithAnIndependentImplementation() throws Exception {
    byte[] wire =
        SkProtection.protect(
            header(),
            inner(),
            cipher(
                EncryptionAlgorithm.ENCR_AES_CBC_128,
                IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128,
                (byte) 1));
    byte[] integKey = new byte[32];
    Arrays.fill(integKey, (byte) 2);
    HMac hmac = new HMac(new SHA256Digest());
    hmac.init(new KeyParameter(integKey));
    hmac.update(wire, 0, wire.length - 16);
    byte[] full = new byte[32];
    hmac.doFinal(full, 0);
    assertThat(Arrays.copyOfRange(wire, wire.length - 16, wire.length))
        .isEqualTo(Arrays.copyOf(full, 16));
    int ivAt = IkeHeader.LENGTH + 4;
    byte[] encKey = new byte[16];
    Arrays.fill(encKey, (byte) 1);
    Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(encKey, "AES"), new IvParameterSpec(wire, ivAt, 16));
    byte[] plain = aes.doFinal(wire, ivAt + 16, wire.length - 16 - ivAt - 16);
    int pad = plain[plain.length - 1];
    byte[] chain = IkeMessageCodec.encodePayloads(inner());
    assertThat(plain.length % 16).isZero();
    assertThat(plain.length - pad - 1).isEqualTo(chain.length);
    assertThat(Arrays.copyOf(plain, chain.length)).isEqualTo(chain);
  }

  @ParameterizedTest
  @EnumSource(EncryptionAlgorithm.class)
  void fragmentsRoundTripAndReassemble(EncryptionAlgorithm enc) throws Exception {
    List<byte[]> fragments =
        SkProtection.protectFragments(
            header(), inner(), cipher(enc, integrityFor(enc), (byte) 3), 50);
    assertThat(fragments).hasSizeGreaterThan(2);
    List<Octets> contents = new ArrayList<>();
    int first = -1;
    for (int i = 0; i < fragments.size(); i++) {
      UnprotectResult r =
          SkProtection.unprotect(fragments.get(i), cipher(enc, integrityFor(enc), (byte) 3));
      assertThat(r).isInstanceOf(UnprotectResult.OpenedFragment.class);
      UnprotectResult.OpenedFragment f = (UnprotectResult.OpenedFragment) r;
      assertThat(f.fragmentNumber()).isEqualTo(i + 1);
      assertThat(f.totalFragments()).isEqualTo(fragments.size());
      assertThat(f.header()).isEqualTo(header());
      if (i == 0) {
        first = f.firstInnerPayload();
      } else {
        assertThat(f.firstInnerPayload()).isZero();
      }
      contents.add(f.content());
    }
    assertThat(SkProtection.reassemble(first, contents)).isEqualTo(inner());
  }

  private static byte[] sealRawGcm(byte[] keyAndSalt, byte[] padded) throws Exception {
    int total = IkeHeader.LENGTH + 4 + 8 + padded.length + 16;
    java.nio.ByteBuffer aad = java.nio.ByteBuffer.allocate(IkeHeader.LENGTH + 4);
    header().writeTo(aad, PayloadType.ENCRYPTED.code(), total);
    aad.put((byte) 0).put((byte) 0).putShort((short) (total - IkeHeader.LENGTH));
    byte[] iv = new byte[8];
    byte[] nonce = new byte[12];
    System.arraycopy(keyAndSalt, 16, nonce, 0, 4);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(keyAndSalt, 0, 16, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, nonce));
    gcm.updateAAD(aad.array());
    byte[] sealed = gcm.doFinal(padded);
    return java.nio.ByteBuffer.allocate(total).put(aad.array()).put(iv).put(sealed).array();
  }
}
