package org.bgpipsec.ike.sa;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bgpipsec.config.Identity;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.IdentificationPayload;
import org.bgpipsec.ike.message.Octets;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * An IKE identity as it travels in IDi/IDr (RFC 7296 section 3.5): the ID type and the
 * identification data. Two identities are the same when both are equal octet for octet.
 *
 * @param idType the ID type code
 * @param data the identification data
 */
public record IkeIdentity(int idType, Octets data) {

  public IkeIdentity {
    Objects.requireNonNull(data);
  }

  /**
   * The wire form of a configured identity: the address octets for ID_IPV4_ADDR/ID_IPV6_ADDR, the
   * ASCII name for ID_FQDN, the octets of the text for ID_KEY_ID, and the DER encoding of the
   * distinguished name for ID_DER_ASN1_DN (RFC 7296 section 3.5).
   */
  public static IkeIdentity from(Identity identity) {
    byte[] data =
        switch (identity.type()) {
          case IPV4_ADDR, IPV6_ADDR -> InetAddress.ofLiteral(identity.value()).getAddress();
          case FQDN, KEY_ID -> identity.value().getBytes(StandardCharsets.US_ASCII);
          case DER_ASN1_DN -> derDn(identity.value());
        };
    return new IkeIdentity(identity.type().number(), Octets.of(data));
  }

  private static byte[] derDn(String dn) {
    try {
      return new X500Name(dn).getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("distinguished name " + dn, e);
    }
  }

  /** The identity carried by an ID payload. */
  public static IkeIdentity of(IdentificationPayload payload) {
    return new IkeIdentity(payload.idType(), payload.data());
  }

  /** This identity as IDi ({@code initiator}) or IDr. */
  public IdentificationPayload toPayload(boolean initiator) {
    return new IdentificationPayload(initiator, idType, data);
  }

  @Override
  public String toString() {
    String type = IdType.fromCode(idType).map(Enum::name).orElse("ID_" + idType);
    return switch (IdType.fromCode(idType).orElse(IdType.ID_KEY_ID)) {
      case ID_IPV4_ADDR, ID_IPV6_ADDR -> {
        try {
          yield type + " " + InetAddress.getByAddress(data.toByteArray()).getHostAddress();
        } catch (java.net.UnknownHostException e) {
          yield type + " " + data.toHex();
        }
      }
      case ID_FQDN, ID_RFC822_ADDR ->
          type + " " + new String(data.toByteArray(), StandardCharsets.US_ASCII);
      case ID_DER_ASN1_DN -> {
        try {
          yield type + " " + X500Name.getInstance(data.toByteArray());
        } catch (IllegalArgumentException | IllegalStateException e) {
          // A peer's ID that is no DER Name still has to be shown (logs, refusals).
          yield type + " " + data.toHex();
        }
      }
      default -> type + " " + data.toHex();
    };
  }
}
