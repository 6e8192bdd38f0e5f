package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Proposal;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.bgpipsec.ike.message.SecurityAssociationPayload.TransformAttribute;

/** Property: every message the records can express encodes and decodes back to itself. */
class IkeMessagePropertyTest {

  @Property(tries = 300)
  void messagesRoundTrip(@ForAll("messages") IkeMessage message) throws Exception {
    byte[] wire = IkeMessageCodec.encode(message);
    assertThat(IkeMessageCodec.decode(wire)).isEqualTo(message);
  }

  @Provide
  Arbitrary<IkeMessage> messages() {
    Arbitrary<IkeHeader> headers =
        Combinators.combine(
                Arbitraries.longs(),
                Arbitraries.longs(),
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(true, false),
                Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL))
            .as((i, r, x, init, resp, id) -> new IkeHeader(i, r, 2, 0, x, init, false, resp, id));
    return Combinators.combine(headers, payload().list().ofMaxSize(6)).as(IkeMessage::new);
  }

  static Arbitrary<Octets> octets(int min, int max) {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(Octets::of);
  }

  static Arbitrary<Payload> payload() {
    Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
    return Arbitraries.oneOf(
        Combinators.combine(u16, octets(0, 100)).as(KeyExchangePayload::new),
        Combinators.combine(Arbitraries.of(true, false), octet, octets(0, 40))
            .as(IdentificationPayload::new),
        Combinators.combine(octet, octets(0, 40)).as(CertificatePayload::new),
        Combinators.combine(octet, octets(0, 40)).as(CertificateRequestPayload::new),
        Combinators.combine(octet, octets(0, 64)).as(AuthenticationPayload::new),
        octets(16, 256).map(NoncePayload::new),
        Combinators.combine(octet, octets(0, 8), u16, octets(0, 40)).as(NotifyPayload::new),
        Combinators.combine(
                octet, Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 4))
            .flatAs(
                (protocol, size, count) ->
                    octets(size, size)
                        .list()
                        .ofSize(count)
                        .map(spis -> new DeletePayload(protocol, size, spis))),
        octets(0, 40).map(VendorIdPayload::new),
        Combinators.combine(Arbitraries.of(true, false), selector().list().ofMaxSize(4))
            .as(TrafficSelectorPayload::new),
        Combinators.combine(octet, octets(0, 20)).as(ConfigurationPayload::new),
        octets(0, 20).map(EapPayload::new),
        Combinators.combine(Arbitraries.integers().between(1, 32), octets(0, 20))
            .as((type, body) -> new UnknownPayload(type, false, body)),
        sa());
  }

  static Arbitrary<TrafficSelector> selector() {
    Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xFFFF);
    Arbitrary<Integer> family = Arbitraries.of(4, 16);
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.integers().between(0, 255), u16, u16, family)
            .flatAs(
                (proto, start, end, len) ->
                    Combinators.combine(octets(len, len), octets(len, len))
                        .as((a, b) -> new TrafficSelector.AddressRange(proto, start, end, a, b))),
        Combinators.combine(
                Arbitraries.integers().between(9, 255),
                Arbitraries.integers().between(0, 255),
                octets(0, 12))
            .as(TrafficSelector.Unknown::new));
  }

  static Arbitrary<Payload> sa() {
    Arbitrary<TransformAttribute> attribute =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0xFFFF).map(TransformAttribute::keyLength),
            Combinators.combine(Arbitraries.integers().between(0, 0x7FFF), octets(0, 6))
                .as((t, v) -> new TransformAttribute(t, false, v)));
    Arbitrary<Transform> transform =
        Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 0xFFFF),
                attribute.list().ofMaxSize(2))
            .as(Transform::new);
    Arbitrary<Proposal> proposal =
        Combinators.combine(
                Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255),
                octets(0, 8),
                transform.list().ofMaxSize(5))
            .as(Proposal::new);
    return proposal.list().ofMinSize(1).ofMaxSize(3).map(SecurityAssociationPayload::new);
  }

  @Property(tries = 50)
  void innerChainsRoundTrip(@ForAll("chains") List<Payload> payloads) throws Exception {
    byte[] chain = IkeMessageCodec.encodePayloads(payloads);
    assertThat(
            IkeMessageCodec.decodeInnerPayloads(
                IkeMessageCodec.firstType(payloads), java.nio.ByteBuffer.wrap(chain)))
        .isEqualTo(payloads);
  }

  @Provide
  Arbitrary<List<Payload>> chains() {
    return payload().list().ofMaxSize(5);
  }
}
