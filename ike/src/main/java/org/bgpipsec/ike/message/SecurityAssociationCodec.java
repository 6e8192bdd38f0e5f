package org.bgpipsec.ike.message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Proposal;
import org.bgpipsec.ike.message.SecurityAssociationPayload.Transform;
import org.bgpipsec.ike.message.SecurityAssociationPayload.TransformAttribute;

/**
 * Codec for the body of the Security Association payload (RFC 7296 section 3.3).
 *
 * <pre>
 * Proposal substructure (3.3.1):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |         Proposal Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        SPI (variable)                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        &lt;Transforms&gt;                           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Transform substructure (3.3.2):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |        Transform Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Transform Type |   RESERVED    |          Transform ID         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Transform Attributes                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Transform attribute (3.3.5):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |A|       Attribute Type        |    AF=0  Attribute Length     |
 * |F|                             |    AF=1  Attribute Value      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   AF=0  Attribute Value                       |
 * |                   AF=1  Not Transmitted                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class SecurityAssociationCodec {
  private static final int LAST = 0;
  private static final int MORE_PROPOSALS = 2;
  private static final int MORE_TRANSFORMS = 3;

  private SecurityAssociationCodec() {}

  static SecurityAssociationPayload decode(ByteBuffer body) throws IkeDecodeException {
    List<Proposal> proposals = new ArrayList<>();
    boolean more = true;
    while (more) {
      if (body.remaining() < 8) {
        throw IkeDecodeException.syntax("truncated proposal");
      }
      int lastSubstruc = body.get() & 0xFF;
      body.get();
      int length = body.getShort() & 0xFFFF;
      // RFC 7296 3.3.1: 0 if this is the last Proposal Substructure, 2 if more follow.
      if (lastSubstruc != LAST && lastSubstruc != MORE_PROPOSALS) {
        throw IkeDecodeException.syntax("bad Last Substruc in proposal");
      }
      if (length < 8 || length - 4 > body.remaining()) {
        throw IkeDecodeException.syntax("bad proposal length");
      }
      ByteBuffer proposal = body.slice(body.position(), length - 4);
      body.position(body.position() + length - 4);
      proposals.add(decodeProposal(proposal));
      more = lastSubstruc == MORE_PROPOSALS;
    }
    if (body.hasRemaining()) {
      throw IkeDecodeException.syntax("octets after the last proposal");
    }
    if (proposals.size() > 0xFF) {
      throw IkeDecodeException.syntax("too many proposals");
    }
    return new SecurityAssociationPayload(proposals);
  }

  private static Proposal decodeProposal(ByteBuffer p) throws IkeDecodeException {
    int number = p.get() & 0xFF;
    int protocolId = p.get() & 0xFF;
    int spiSize = p.get() & 0xFF;
    int numTransforms = p.get() & 0xFF;
    if (spiSize > p.remaining()) {
      throw IkeDecodeException.syntax("SPI exceeds proposal");
    }
    Octets spi = Octets.read(p, spiSize);
    List<Transform> transforms = new ArrayList<>(numTransforms);
    for (int i = 0; i < numTransforms; i++) {
      if (p.remaining() < 8) {
        throw IkeDecodeException.syntax("truncated transform");
      }
      int lastSubstruc = p.get() & 0xFF;
      p.get();
      int length = p.getShort() & 0xFFFF;
      boolean lastExpected = i == numTransforms - 1;
      // RFC 7296 3.3.2: 0 if this was the last Transform Substructure, 3 if more follow.
      if (lastSubstruc != (lastExpected ? LAST : MORE_TRANSFORMS)) {
        throw IkeDecodeException.syntax("Last Substruc disagrees with Num Transforms");
      }
      if (length < 8 || length - 4 > p.remaining()) {
        throw IkeDecodeException.syntax("bad transform length");
      }
      ByteBuffer t = p.slice(p.position(), length - 4);
      p.position(p.position() + length - 4);
      int type = t.get() & 0xFF;
      t.get();
      int id = t.getShort() & 0xFFFF;
      transforms.add(new Transform(type, id, decodeAttributes(t)));
    }
    if (p.hasRemaining()) {
      throw IkeDecodeException.syntax("octets after the last transform");
    }
    return new Proposal(number, protocolId, spi, transforms);
  }

  private static List<TransformAttribute> decodeAttributes(ByteBuffer t) throws IkeDecodeException {
    List<TransformAttribute> attributes = new ArrayList<>();
    while (t.hasRemaining()) {
      if (t.remaining() < 4) {
        throw IkeDecodeException.syntax("truncated attribute");
      }
      int afType = t.getShort() & 0xFFFF;
      boolean shortForm = (afType & 0x8000) != 0;
      int type = afType & 0x7FFF;
      if (shortForm) {
        attributes.add(new TransformAttribute(type, true, Octets.read(t, 2)));
      } else {
        int length = t.getShort() & 0xFFFF;
        if (length > t.remaining()) {
          throw IkeDecodeException.syntax("attribute exceeds transform");
        }
        attributes.add(new TransformAttribute(type, false, Octets.read(t, length)));
      }
    }
    return attributes;
  }

  static int encodedLength(SecurityAssociationPayload sa) {
    int n = 0;
    for (Proposal p : sa.proposals()) {
      n += proposalLength(p);
    }
    return n;
  }

  private static int proposalLength(Proposal p) {
    int n = 8 + p.spi().length();
    for (Transform t : p.transforms()) {
      n += transformLength(t);
    }
    return n;
  }

  private static int transformLength(Transform t) {
    int n = 8;
    for (TransformAttribute a : t.attributes()) {
      n += a.shortForm() ? 4 : 4 + a.value().length();
    }
    return n;
  }

  static void encode(SecurityAssociationPayload sa, ByteBuffer out) {
    List<Proposal> proposals = sa.proposals();
    for (int i = 0; i < proposals.size(); i++) {
      Proposal p = proposals.get(i);
      out.put((byte) (i == proposals.size() - 1 ? LAST : MORE_PROPOSALS));
      out.put((byte) 0);
      out.putShort((short) proposalLength(p));
      out.put((byte) p.number());
      out.put((byte) p.protocolId());
      out.put((byte) p.spi().length());
      out.put((byte) p.transforms().size());
      p.spi().writeTo(out);
      List<Transform> transforms = p.transforms();
      for (int j = 0; j < transforms.size(); j++) {
        Transform t = transforms.get(j);
        out.put((byte) (j == transforms.size() - 1 ? LAST : MORE_TRANSFORMS));
        out.put((byte) 0);
        out.putShort((short) transformLength(t));
        out.put((byte) t.type());
        out.put((byte) 0);
        out.putShort((short) t.id());
        for (TransformAttribute a : t.attributes()) {
          if (a.shortForm()) {
            out.putShort((short) (0x8000 | a.type()));
            a.value().writeTo(out);
          } else {
            out.putShort((short) a.type());
            out.putShort((short) a.value().length());
            a.value().writeTo(out);
          }
        }
      }
    }
  }
}
