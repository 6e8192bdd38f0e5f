package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Proposal;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.junit.jupiter.api.Test;

class IkeMessageCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  static IkeMessage sampleInit() {
    Proposal proposal =
        new Proposal(
            1,
            ProtocolId.IKE.code(),
            Octets.EMPTY,
            List.of(
                Transform.withKeyLength(TransformType.ENCRYPTION, 20, 256),
                Transform.of(TransformType.PSEUDO_RANDOM_FUNCTION, 7),
                Transform.of(TransformType.KEY_EXCHANGE, 31)));
    Proposal second =
        new Proposal(
            2,
            ProtocolId.IKE.code(),
            Octets.EMPTY,
            List.of(
                Transform.withKeyLength(TransformType.ENCRYPTION, 12, 128),
                Transform.of(TransformType.PSEUDO_RANDOM_FUNCTION, 5),
                Transform.of(TransformType.INTEGRITY, 12),
                Transform.of(TransformType.KEY_EXCHANGE, 14)));
    return new IkeMessage(
        IkeHeader.v2(0x0102030405060708L, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
        List.of(
            new SecurityAssociationPayload(List.of(proposal, second)),
            new KeyExchangePayload(31, Octets.of(new byte[32])),
            new NoncePayload(Octets.of(new byte[32])),
            NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, Octets.of(new byte[20])),
            new VendorIdPayload(Octets.ofHex("882fe56d6fd20dbc2251613b2ebe5beb")),
            new UnknownPayload(200, false, Octets.ofHex("cafe"))));
  }

  static IkeMessage sampleInner() {
    return new IkeMessage(
        IkeHeader.v2(1, 2, ExchangeType.IKE_AUTH, true, false, 1),
        List.of(
            new IdentificationPayload(true, IdType.ID_IPV4_ADDR.code(), Octets.ofHex("c0000201")),
            new AuthenticationPayload(2, Octets.of(new byte[32])),
            new CertificatePayload(4, Octets.ofHex("3082")),
            new CertificateRequestPayload(4, Octets.of(new byte[20])),
            new TrafficSelectorPayload(
                true,
                List.of(
                    new TrafficSelector.AddressRange(
                        6, 0, 65535, Octets.ofHex("c0000201"), Octets.ofHex("c0000201")),
                    new TrafficSelector.AddressRange(
                        6, 179, 179, Octets.of(new byte[16]), Octets.of(new byte[16])),
                    new TrafficSelector.Unknown(10, 0, Octets.ofHex("0102")))),
            new DeletePayload(3, 4, List.of(Octets.ofHex("01020304"), Octets.ofHex("05060708"))),
            new NotifyPayload(
                3, Octets.ofHex("aabbccdd"), NotifyType.REKEY_SA.code(), Octets.EMPTY),
            new ConfigurationPayload(1, Octets.ofHex("00010000")),
            new EapPayload(Octets.ofHex("0101000501"))));
  }

  @Test
  void encodesAndDecodesEveryPayloadType() throws Exception {
    for (IkeMessage m : List.of(sampleInit(), sampleInner())) {
      byte[] wire = IkeMessageCodec.encode(m);
      IkeMessage decoded = IkeMessageCodec.decode(wire);
      assertThat(decoded).isEqualTo(m);
      assertThat(IkeMessageCodec.encode(decoded)).isEqualTo(wire);
    }
  }

  @Test
  void encodesTheHeaderAndGenericHeadersAsRfc7296Draws() throws Exception {
    IkeMessage m =
        new IkeMessage(
            IkeHeader.v2(
                0x1122334455667788L,
                0x99aabbccddeeff00L,
                ExchangeType.INFORMATIONAL,
                false,
                true,
                7),
            List.of(new NoncePayload(Octets.of(new byte[16]))));
    assertThat(HEX.formatHex(IkeMessageCodec.encode(m)))
        .isEqualTo(
            "1122334455667788"
                + "99aabbccddeeff00"
                + "28" // next payload: Nonce (40)
                + "20" // version 2.0
                + "25" // INFORMATIONAL (37)
                + "20" // flags: R
                + "00000007"
                + "00000030" // 28 + 4 + 16
                + "00000014" // generic header: none next, length 20
                + "00000000000000000000000000000000");
  }

  @Test
  void headerAloneDecodesForDispatch() throws Exception {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    assertThat(IkeMessageCodec.decodeHeader(java.nio.ByteBuffer.wrap(wire)))
        .isEqualTo(sampleInit().header());
    IkeDecodeException e =
        catchThrowableOfType(
            IkeDecodeException.class,
            () -> IkeMessageCodec.decodeHeader(java.nio.ByteBuffer.wrap(wire, 0, 27)));
    assertThat(e.notifyType()).isEqualTo(NotifyType.INVALID_SYNTAX);
  }

  @Test
  void keyLengthAttributeIsTvFormat() {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    // transform: last/more=3, res, len 12, type 1, res, id 20, AF|14, 256
    assertThat(HEX.formatHex(wire)).contains("0300000c01000014800e0100");
  }

  @Test
  void unknownCriticalPayloadIsRejectedWithItsType() {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    int unknownHeader = wire.length - 6;
    wire[unknownHeader + 1] = (byte) 0x80;
    IkeDecodeException e =
        catchThrowableOfType(IkeDecodeException.class, () -> IkeMessageCodec.decode(wire));
    assertThat(e.notifyType()).isEqualTo(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD);
    assertThat(e.notifyData()).isEqualTo(Octets.of(new byte[] {(byte) 200}));
  }

  @Test
  void criticalBitOnKnownPayloadIsIgnored() throws Exception {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    wire[IkeHeader.LENGTH + 1] = (byte) 0x80;
    assertThat(IkeMessageCodec.decode(wire)).isEqualTo(sampleInit());
  }

  @Test
  void higherMajorVersionIsInvalidMajorVersion() {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    wire[17] = 0x30;
    assertError(wire, NotifyType.INVALID_MAJOR_VERSION);
  }

  @Test
  void lengthFieldMustMatchTheDatagram() {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    assertError(Arrays.copyOf(wire, wire.length + 1), NotifyType.INVALID_SYNTAX);
    wire[27]++;
    assertError(wire, NotifyType.INVALID_SYNTAX);
  }

  @Test
  void everyTruncationIsInvalidSyntax() {
    for (IkeMessage m : List.of(sampleInit(), sampleInner())) {
      byte[] wire = IkeMessageCodec.encode(m);
      for (int n = 0; n < wire.length; n++) {
        byte[] cut = Arrays.copyOf(wire, n);
        if (n >= IkeHeader.LENGTH) {
          cut[24] = (byte) (n >>> 24);
          cut[25] = (byte) (n >>> 16);
          cut[26] = (byte) (n >>> 8);
          cut[27] = (byte) n;
        }
        assertError(cut, NotifyType.INVALID_SYNTAX);
      }
    }
  }

  @Test
  void payloadLengthBeyondTheMessageIsInvalidSyntax() {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    wire[IkeHeader.LENGTH + 2] = (byte) 0xFF;
    assertError(wire, NotifyType.INVALID_SYNTAX);
  }

  @Test
  void payloadLengthBelowTheGenericHeaderIsInvalidSyntax() {
    byte[] wire = IkeMessageCodec.encode(sampleInit());
    wire[IkeHeader.LENGTH + 2] = 0;
    wire[IkeHeader.LENGTH + 3] = 3;
    assertError(wire, NotifyType.INVALID_SYNTAX);
  }

  @Test
  void nonceOutside16To256IsInvalidSyntax() {
    byte[] body = new byte[15];
    assertError(messageWithRawPayload(PayloadType.NONCE.code(), body), NotifyType.INVALID_SYNTAX);
    assertError(
        messageWithRawPayload(PayloadType.NONCE.code(), new byte[257]), NotifyType.INVALID_SYNTAX);
  }

  @Test
  void deleteSpisMustFillThePayload() {
    byte[] body = HEX.parseHex("0304000201020304050607");
    assertError(messageWithRawPayload(PayloadType.DELETE.code(), body), NotifyType.INVALID_SYNTAX);
  }

  @Test
  void proposalSubstructureFlagsAreChecked() {
    // one proposal that claims more follow
    byte[] body = HEX.parseHex("020000080101000" + "0");
    assertError(
        messageWithRawPayload(PayloadType.SECURITY_ASSOCIATION.code(), body),
        NotifyType.INVALID_SYNTAX);
    // Num Transforms 1 but the transform says more follow
    byte[] transformMore = HEX.parseHex("00000010" + "01010001" + "03000008" + "01000014");
    assertError(
        messageWithRawPayload(PayloadType.SECURITY_ASSOCIATION.code(), transformMore),
        NotifyType.INVALID_SYNTAX);
  }

  @Test
  void trafficSelectorLengthMustMatchItsType() {
    byte[] body =
        HEX.parseHex("01000000" + "07060014" + "0000ffff" + "c0000201c0000201" + "00000000");
    assertError(
        messageWithRawPayload(PayloadType.TRAFFIC_SELECTOR_INITIATOR.code(), body),
        NotifyType.INVALID_SYNTAX);
  }

  @Test
  void encryptedPayloadMustBeLast() {
    IkeMessage m =
        new IkeMessage(
            IkeHeader.v2(1, 2, ExchangeType.INFORMATIONAL, true, false, 2),
            List.of(new EncryptedPayload(0, Octets.of(new byte[32]))));
    byte[] wire = IkeMessageCodec.encode(m);
    byte[] longer = Arrays.copyOf(wire, wire.length + 4);
    longer[27] += 4;
    assertError(longer, NotifyType.INVALID_SYNTAX);
    assertThatThrownBy(
            () ->
                new IkeMessage(
                    m.header(),
                    List.of(
                        new EncryptedPayload(0, Octets.EMPTY),
                        new NoncePayload(Octets.of(new byte[16])))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encryptedPayloadKeepsTheFirstInnerTypeAndBody() throws Exception {
    IkeMessage m =
        new IkeMessage(
            IkeHeader.v2(1, 2, ExchangeType.IKE_AUTH, true, false, 1),
            List.of(
                new EncryptedPayload(
                    PayloadType.IDENTIFICATION_INITIATOR.code(), Octets.ofHex("00112233"))));
    byte[] wire = IkeMessageCodec.encode(m);
    assertThat(wire[16]).isEqualTo((byte) 46);
    assertThat(wire[IkeHeader.LENGTH]).isEqualTo((byte) 35);
    assertThat(IkeMessageCodec.decode(wire)).isEqualTo(m);
  }

  @Test
  void fragmentNumbersAreChecked() throws Exception {
    IkeMessage m =
        new IkeMessage(
            IkeHeader.v2(1, 2, ExchangeType.IKE_AUTH, true, false, 1),
            List.of(new EncryptedFragmentPayload(35, 1, 3, Octets.ofHex("0011"))));
    byte[] wire = IkeMessageCodec.encode(m);
    assertThat(IkeMessageCodec.decode(wire)).isEqualTo(m);
    byte[] zero = wire.clone();
    zero[IkeHeader.LENGTH + 5] = 0;
    assertError(zero, NotifyType.INVALID_SYNTAX);
    byte[] beyond = wire.clone();
    beyond[IkeHeader.LENGTH + 5] = 4;
    assertError(beyond, NotifyType.INVALID_SYNTAX);
    byte[] nextInSecond = wire.clone();
    nextInSecond[IkeHeader.LENGTH + 5] = 2;
    assertError(nextInSecond, NotifyType.INVALID_SYNTAX);
  }

  @Test
  void innerChainRefusesNestedEncryption() {
    byte[] chain = HEX.parseHex("0000000800000000");
    IkeDecodeException e =
        catchThrowableOfType(
            IkeDecodeException.class,
            () -> IkeMessageCodec.decodeInnerPayloads(46, java.nio.ByteBuffer.wrap(chain)));
    assertThat(e.notifyType()).isEqualTo(NotifyType.INVALID_SYNTAX);
  }

  @Test
  void trailingOctetsAfterTheChainAreInvalidSyntax() {
    byte[] wire = IkeMessageCodec.encode(new IkeMessage(sampleInit().header(), List.of()));
    byte[] longer = Arrays.copyOf(wire, wire.length + 4);
    longer[27] += 4;
    assertError(longer, NotifyType.INVALID_SYNTAX);
  }

  static byte[] messageWithRawPayload(int type, byte[] body) {
    IkeMessage m =
        new IkeMessage(
            sampleInit().header(), List.of(new UnknownPayload(type, false, Octets.of(body))));
    return IkeMessageCodec.encode(m);
  }

  static void assertError(byte[] wire, NotifyType expected) {
    IkeDecodeException e =
        catchThrowableOfType(IkeDecodeException.class, () -> IkeMessageCodec.decode(wire));
    assertThat(e).as("decoding %s", HEX.formatHex(wire)).isNotNull();
    assertThat(e.notifyType()).isEqualTo(expected);
  }
}
