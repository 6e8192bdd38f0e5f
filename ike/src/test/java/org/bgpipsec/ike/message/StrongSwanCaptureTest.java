package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeKeyDerivation;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.IntegrityAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.crypto.SharedKeyAuthentication;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IKE_SA_INIT and IKE_AUTH exchanges between two strongSwan 5.9.8 daemons, captured with the
 * secrets charon logged (interop/ike/capture-strongswan.sh, extract-vectors.py): our codec decodes
 * and re-encodes them byte for byte, our key derivation reproduces charon's SKEYSEED and seven keys
 * from its g^ir, our SK protection opens its IKE_AUTH messages, and our PSK AUTH computation
 * verifies both of its AUTH payloads.
 */
class StrongSwanCaptureTest {
  private static final HexFormat HEX = HexFormat.of();

  static Map<String, String> load(String suite) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    try (InputStream in =
        StrongSwanCaptureTest.class.getResourceAsStream(
            "/org/bgpipsec/ike/strongswan/" + suite + ".txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int eq = line.indexOf('=');
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }

  static byte[] message(Map<String, String> v, int i) {
    return HEX.parseHex(v.get("message" + i).split(" ")[1]);
  }

  static byte[] secret(Map<String, String> v, String name) {
    return HEX.parseHex(v.get(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "gcm256-prfsha384-x25519",
        "gcm128-prfsha256-ecp256",
        "cbc128-sha256-modp2048",
        "cbc256-sha512-ecp384"
      })
  void strongSwanSessionDecodesDerivesOpensAndAuthenticates(String suiteName) throws Exception {
    Map<String, String> v = load(suiteName);

    // 1. Codec: every datagram decodes and re-encodes to the same octets.
    IkeMessage[] m = new IkeMessage[4];
    for (int i = 0; i < 4; i++) {
      m[i] = IkeMessageCodec.decode(message(v, i));
      assertThat(IkeMessageCodec.encode(m[i])).as("message %d", i).isEqualTo(message(v, i));
    }
    assertThat(m[0].header().exchangeType()).isEqualTo(ExchangeType.IKE_SA_INIT.code());
    assertThat(m[0].header().initiator()).isTrue();
    assertThat(m[1].header().response()).isTrue();
    for (NotifyPayload n : m[0].all(NotifyPayload.class)) {
      assertThat(n.knownType()).as("notify %d known", n.notifyType()).isPresent();
    }

    // 2. Key derivation: charon's SKEYSEED and SK_* from charon's g^ir.
    IkeSaSuite suite = chosenSuite(m[1]);
    byte[] ni = m[0].first(NoncePayload.class).orElseThrow().nonce().toByteArray();
    byte[] nr = m[1].first(NoncePayload.class).orElseThrow().nonce().toByteArray();
    long spiI = m[1].header().initiatorSpi();
    long spiR = m[1].header().responderSpi();
    KeyMaterial gir = KeyMaterial.copyOf(secret(v, "gir"));
    assertThat(gir.length()).isEqualTo(suite.group().sharedSecretLength());
    assertThat(IkeKeyDerivation.skeyseed(suite.prf(), ni, nr, gir).toByteArray())
        .isEqualTo(secret(v, "skeyseed"));
    IkeSaKeys keys = IkeSaKeys.derive(suite, gir, ni, nr, spiI, spiR);
    assertThat(keys.skD().toByteArray()).isEqualTo(secret(v, "sk_d"));
    assertThat(keys.skAi().toByteArray()).isEqualTo(secret(v, "sk_ai"));
    assertThat(keys.skAr().toByteArray()).isEqualTo(secret(v, "sk_ar"));
    assertThat(keys.skEi().toByteArray()).isEqualTo(secret(v, "sk_ei"));
    assertThat(keys.skEr().toByteArray()).isEqualTo(secret(v, "sk_er"));
    assertThat(keys.skPi().toByteArray()).isEqualTo(secret(v, "sk_pi"));
    assertThat(keys.skPr().toByteArray()).isEqualTo(secret(v, "sk_pr"));

    // 3. SK: both IKE_AUTH messages open with our keys.
    SecureRandom random = new SecureRandom();
    IkeMessage request =
        opened(SkProtection.unprotect(message(v, 2), keys.cipherForSender(true, random)));
    IkeMessage response =
        opened(SkProtection.unprotect(message(v, 3), keys.cipherForSender(false, random)));
    assertThat(SkProtection.unprotect(message(v, 2), keys.cipherForSender(false, random)))
        .isEqualTo(new UnprotectResult.Dropped(UnprotectResult.DropReason.INTEGRITY_FAILED));

    // 4. PSK AUTH (RFC 7296 2.15) of both sides verifies.
    KeyMaterial psk = KeyMaterial.copyOf(secret(v, "psk"));
    IdentificationPayload idi = request.first(IdentificationPayload.class).orElseThrow();
    assertThat(idi.initiator()).isTrue();
    assertThat(idi.idType()).isEqualTo(IdType.ID_IPV4_ADDR.code());
    assertThat(idi.data()).isEqualTo(Octets.ofHex("7f000001"));
    AuthenticationPayload authI = request.first(AuthenticationPayload.class).orElseThrow();
    assertThat(authI.method()).isEqualTo(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.code());
    assertThat(
            SharedKeyAuthentication.verify(
                suite.prf(),
                psk,
                message(v, 0),
                nr,
                keys.skPi(),
                idi.restOfPayload(),
                authI.data().toByteArray()))
        .isTrue();
    IdentificationPayload idr = response.first(IdentificationPayload.class).orElseThrow();
    assertThat(idr.initiator()).isFalse();
    AuthenticationPayload authR = response.first(AuthenticationPayload.class).orElseThrow();
    assertThat(
            SharedKeyAuthentication.verify(
                suite.prf(),
                psk,
                message(v, 1),
                ni,
                keys.skPr(),
                idr.restOfPayload(),
                authR.data().toByteArray()))
        .isTrue();
    assertThat(
            SharedKeyAuthentication.verify(
                suite.prf(),
                KeyMaterial.copyOf(new byte[] {1}),
                message(v, 1),
                ni,
                keys.skPr(),
                idr.restOfPayload(),
                authR.data().toByteArray()))
        .isFalse();

    // The request carries the transport-mode Child SA proposal and TCP/179 selectors.
    assertThat(request.all(NotifyPayload.class))
        .anyMatch(n -> n.notifyType() == NotifyType.USE_TRANSPORT_MODE.code());
    TrafficSelectorPayload tsr =
        request.all(TrafficSelectorPayload.class).stream()
            .filter(t -> !t.initiator())
            .findFirst()
            .orElseThrow();
    assertThat(tsr.selectors())
        .containsExactly(
            new TrafficSelector.AddressRange(
                6, 179, 179, Octets.ofHex("7f000002"), Octets.ofHex("7f000002")));
    // Re-encoding the decrypted inner payloads and protecting them again opens to the same.
    byte[] again =
        SkProtection.protect(
            request.header(), request.payloads(), keys.cipherForSender(true, random));
    assertThat(opened(SkProtection.unprotect(again, keys.cipherForSender(true, random))))
        .isEqualTo(request);
  }

  private static IkeMessage opened(UnprotectResult result) {
    assertThat(result).isInstanceOf(UnprotectResult.Opened.class);
    return ((UnprotectResult.Opened) result).message();
  }

  /** The suite in the responder's single chosen proposal (RFC 7296 3.3.6). */
  static IkeSaSuite chosenSuite(IkeMessage initResponse) {
    List<Transform> transforms =
        initResponse
            .first(SecurityAssociationPayload.class)
            .orElseThrow()
            .proposals()
            .getFirst()
            .transforms();
    EncryptionAlgorithm enc = null;
    IntegrityAlgorithm integ = null;
    PrfAlgorithm prf = null;
    DhGroup group = null;
    for (Transform t : transforms) {
      switch (TransformType.fromCode(t.type()).orElseThrow()) {
        case ENCRYPTION ->
            enc = EncryptionAlgorithm.fromTransform(t.id(), t.keyLengthBits()).orElseThrow();
        case INTEGRITY -> integ = IntegrityAlgorithm.fromTransformId(t.id()).orElseThrow();
        case PSEUDO_RANDOM_FUNCTION -> prf = PrfAlgorithm.fromTransformId(t.id()).orElseThrow();
        case KEY_EXCHANGE -> group = DhGroup.fromTransformId(t.id()).orElseThrow();
        case EXTENDED_SEQUENCE_NUMBERS -> {}
      }
    }
    return new IkeSaSuite(enc, integ, prf, group);
  }
}
