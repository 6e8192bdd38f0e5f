package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Codec for payload bodies (the octets after the generic payload header) of the payload types in
 * RFC 7296 section 3; each parser gets exactly its body as a bounded slice. The layouts are drawn
 * on the payload records.
 */
final class PayloadBodyCodec {
  private PayloadBodyCodec() {}

  static Payload decode(PayloadType type, ByteBuffer body) throws IkeDecodeException {
    return switch (type) {
      case SECURITY_ASSOCIATION -> SecurityAssociationCodec.decode(body);
      case KEY_EXCHANGE -> {
        need(body, 4, "KE");
        int group = body.getShort() & 0xFFFF;
        body.getShort();
        yield new KeyExchangePayload(group, rest(body));
      }
      case IDENTIFICATION_INITIATOR, IDENTIFICATION_RESPONDER -> {
        need(body, 4, "ID");
        int idType = body.get() & 0xFF;
        body.position(body.position() + 3);
        yield new IdentificationPayload(
            type == PayloadType.IDENTIFICATION_INITIATOR, idType, rest(body));
      }
      case CERTIFICATE -> {
        need(body, 1, "CERT");
        yield new CertificatePayload(body.get() & 0xFF, rest(body));
      }
      case CERTIFICATE_REQUEST -> {
        need(body, 1, "CERTREQ");
        yield new CertificateRequestPayload(body.get() & 0xFF, rest(body));
      }
      case AUTHENTICATION -> {
        need(body, 4, "AUTH");
        int method = body.get() & 0xFF;
        body.position(body.position() + 3);
        yield new AuthenticationPayload(method, rest(body));
      }
      case NONCE -> {
        // RFC 7296 3.9: "The size of the Nonce Data MUST be between 16 and 256 octets".
        if (body.remaining() < NoncePayload.MIN_LENGTH
            || body.remaining() > NoncePayload.MAX_LENGTH) {
          throw IkeDecodeException.syntax("nonce length " + body.remaining());
        }
        yield new NoncePayload(rest(body));
      }
      case NOTIFY -> {
        need(body, 4, "N");
        int protocol = body.get() & 0xFF;
        int spiSize = body.get() & 0xFF;
        int notifyType = body.getShort() & 0xFFFF;
        need(body, spiSize, "N SPI");
        Octets spi = Octets.read(body, spiSize);
        yield new NotifyPayload(protocol, spi, notifyType, rest(body));
      }
      case DELETE -> decodeDelete(body);
      case VENDOR_ID -> new VendorIdPayload(rest(body));
      case TRAFFIC_SELECTOR_INITIATOR -> TrafficSelectorCodec.decode(true, body);
      case TRAFFIC_SELECTOR_RESPONDER -> TrafficSelectorCodec.decode(false, body);
      case CONFIGURATION -> {
        need(body, 4, "CP");
        int cfgType = body.get() & 0xFF;
        body.position(body.position() + 3);
        yield new ConfigurationPayload(cfgType, rest(body));
      }
      case EAP -> new EapPayload(rest(body));
      case PUZZLE_SOLUTION -> PuzzleSolutionPayload.decode(body);
      case NO_NEXT_PAYLOAD, ENCRYPTED, ENCRYPTED_FRAGMENT ->
          throw new IllegalStateException("handled by the message codec: " + type);
    };
  }

  private static DeletePayload decodeDelete(ByteBuffer body) throws IkeDecodeException {
    need(body, 4, "D");
    int protocol = body.get() & 0xFF;
    int spiSize = body.get() & 0xFF;
    int count = body.getShort() & 0xFFFF;
    // RFC 7296 3.11: the SPIs fill the payload; their number times their size must match.
    if ((long) spiSize * count != body.remaining()) {
      throw IkeDecodeException.syntax("Delete SPIs do not fill the payload");
    }
    List<Octets> spis = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      spis.add(Octets.read(body, spiSize));
    }
    return new DeletePayload(protocol, spiSize, spis);
  }

  private static void need(ByteBuffer body, int octets, String what) throws IkeDecodeException {
    if (body.remaining() < octets) {
      throw IkeDecodeException.syntax("truncated " + what + " payload");
    }
  }

  private static Octets rest(ByteBuffer body) {
    return Octets.read(body, body.remaining());
  }

  static int bodyLength(Payload payload) {
    return switch (payload) {
      case SecurityAssociationPayload sa -> SecurityAssociationCodec.encodedLength(sa);
      case KeyExchangePayload ke -> 4 + ke.keyExchangeData().length();
      case IdentificationPayload id -> 4 + id.data().length();
      case CertificatePayload c -> 1 + c.data().length();
      case CertificateRequestPayload c -> 1 + c.authority().length();
      case AuthenticationPayload a -> 4 + a.data().length();
      case NoncePayload n -> n.nonce().length();
      case NotifyPayload n -> 4 + n.spi().length() + n.data().length();
      case DeletePayload d -> 4 + d.spiSize() * d.spis().size();
      case VendorIdPayload v -> v.vendorId().length();
      case TrafficSelectorPayload ts -> TrafficSelectorCodec.encodedLength(ts);
      case EncryptedPayload sk -> sk.body().length();
      case EncryptedFragmentPayload skf -> 4 + skf.body().length();
      case ConfigurationPayload cp -> 4 + cp.attributes().length();
      case EapPayload eap -> eap.eapMessage().length();
      case PuzzleSolutionPayload ps -> ps.keyLength() * PuzzleSolutionPayload.KEYS;
      case UnknownPayload u -> u.body().length();
    };
  }

  static void encode(Payload payload, ByteBuffer out) {
    switch (payload) {
      case SecurityAssociationPayload sa -> SecurityAssociationCodec.encode(sa, out);
      case KeyExchangePayload ke -> {
        out.putShort((short) ke.dhGroup());
        out.putShort((short) 0);
        ke.keyExchangeData().writeTo(out);
      }
      case IdentificationPayload id -> {
        out.put((byte) id.idType());
        out.put(new byte[3]);
        id.data().writeTo(out);
      }
      case CertificatePayload c -> {
        out.put((byte) c.encoding());
        c.data().writeTo(out);
      }
      case CertificateRequestPayload c -> {
        out.put((byte) c.encoding());
        c.authority().writeTo(out);
      }
      case AuthenticationPayload a -> {
        out.put((byte) a.method());
        out.put(new byte[3]);
        a.data().writeTo(out);
      }
      case NoncePayload n -> n.nonce().writeTo(out);
      case NotifyPayload n -> {
        out.put((byte) n.protocolId());
        out.put((byte) n.spi().length());
        out.putShort((short) n.notifyType());
        n.spi().writeTo(out);
        n.data().writeTo(out);
      }
      case DeletePayload d -> {
        out.put((byte) d.protocolId());
        out.put((byte) d.spiSize());
        out.putShort((short) d.spis().size());
        d.spis().forEach(spi -> spi.writeTo(out));
      }
      case VendorIdPayload v -> v.vendorId().writeTo(out);
      case TrafficSelectorPayload ts -> TrafficSelectorCodec.encode(ts, out);
      case EncryptedPayload sk -> sk.body().writeTo(out);
      case EncryptedFragmentPayload skf -> {
        out.putShort((short) skf.fragmentNumber());
        out.putShort((short) skf.totalFragments());
        skf.body().writeTo(out);
      }
      case ConfigurationPayload cp -> {
        out.put((byte) cp.configType());
        out.put(new byte[3]);
        cp.attributes().writeTo(out);
      }
      case EapPayload eap -> eap.eapMessage().writeTo(out);
      case PuzzleSolutionPayload ps -> ps.keys().forEach(k -> k.writeTo(out));
      case UnknownPayload u -> u.body().writeTo(out);
    }
  }
}
