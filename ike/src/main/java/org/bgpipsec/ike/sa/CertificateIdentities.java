package org.bgpipsec.ike.sa;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bgpipsec.config.Identity;
import org.bgpipsec.config.PeerConfig;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.message.IdType;
import org.bgpipsec.ike.message.Octets;

/**
 * IKE identities with certificates (RFC 7296 section 3.5): ID_DER_ASN1_DN (the certificate's
 * subject) or ID_IPV4_ADDR/ID_IPV6_ADDR (an address in its subjectAltName). Distinguished names are
 * compared as names (X.500 matching), not octet for octet, since two encoders may choose different
 * string types for the same name.
 */
final class CertificateIdentities {
  private CertificateIdentities() {}

  /**
   * What we send as IDi/IDr: for a DN, our certificate's subject exactly as encoded in it (peers
   * such as strongSwan match the ID against the certificate); for an address, the address, which
   * must be in the certificate's subjectAltName.
   *
   * @throws IllegalArgumentException if the configured identity does not name our certificate
   */
  static IkeIdentity local(Identity configured, X509Certificate ours, PeerConfig peer) {
    switch (configured.type()) {
      case DER_ASN1_DN -> {
        if (!new X500Principal(configured.value()).equals(ours.getSubjectX500Principal())) {
          throw new IllegalArgumentException(
              "peer "
                  + peer.name()
                  + ": local-id "
                  + configured
                  + " is not the subject of our certificate ("
                  + ours.getSubjectX500Principal().getName()
                  + ")");
        }
        return new IkeIdentity(
            IdType.ID_DER_ASN1_DN.code(), Octets.of(ours.getSubjectX500Principal().getEncoded()));
      }
      case IPV4_ADDR, IPV6_ADDR -> {
        if (!LocalCa.hasIpAltName(ours, InetAddress.ofLiteral(configured.value()))) {
          throw new IllegalArgumentException(
              "peer "
                  + peer.name()
                  + ": local-id "
                  + configured
                  + " is not an address in our certificate's subjectAltName");
        }
        return IkeIdentity.from(configured);
      }
      default ->
          throw new IllegalArgumentException(
              "peer "
                  + peer.name()
                  + ": with certificates the local-id must be a dn or an address, not "
                  + configured.type().configName());
    }
  }

  /** What the peer must send, as a DN in X.500 order, or an address. */
  static IkeIdentity remote(Identity configured) {
    if (configured.type() == Identity.Type.DER_ASN1_DN) {
      return new IkeIdentity(
          IdType.ID_DER_ASN1_DN.code(),
          Octets.of(new X500Principal(configured.value()).getEncoded()));
    }
    return IkeIdentity.from(configured);
  }

  /** Whether the identity the peer sent is the configured one (names compared as names). */
  static boolean sameIdentity(IkeIdentity received, IkeIdentity configured) {
    if (received.idType() != configured.idType()) {
      return false;
    }
    if (received.idType() == IdType.ID_DER_ASN1_DN.code()) {
      return principal(received).isPresent() && principal(received).equals(principal(configured));
    }
    return Arrays.equals(received.data().toByteArray(), configured.data().toByteArray());
  }

  /**
   * The received identity in configuration form, for {@link
   * org.bgpipsec.ike.auth.PeerCertificateValidator}; empty for a type a certificate cannot name or
   * data that does not decode.
   */
  static Optional<Identity> asConfigured(IkeIdentity id) {
    byte[] data = id.data().toByteArray();
    IdType type = IdType.fromCode(id.idType()).orElse(null);
    if (type == null) {
      return Optional.empty();
    }
    try {
      return switch (type) {
        case ID_DER_ASN1_DN ->
            principal(id).map(p -> new Identity(Identity.Type.DER_ASN1_DN, p.getName()));
        case ID_IPV4_ADDR ->
            data.length == 4
                ? Optional.of(
                    new Identity(
                        Identity.Type.IPV4_ADDR, InetAddress.getByAddress(data).getHostAddress()))
                : Optional.empty();
        case ID_IPV6_ADDR ->
            data.length == 16
                ? Optional.of(
                    new Identity(
                        Identity.Type.IPV6_ADDR, InetAddress.getByAddress(data).getHostAddress()))
                : Optional.empty();
        default -> Optional.empty();
      };
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code data} is a DER-encoded X.500 Name (RFC 7296 3.5, ID_DER_ASN1_DN). */
  static boolean distinguishedName(Octets data) {
    return principal(new IkeIdentity(IdType.ID_DER_ASN1_DN.code(), data)).isPresent();
  }

  private static Optional<X500Principal> principal(IkeIdentity id) {
    try {
      return Optional.of(new X500Principal(id.data().toByteArray()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
