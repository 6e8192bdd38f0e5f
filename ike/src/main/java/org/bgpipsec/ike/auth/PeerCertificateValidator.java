package org.bgpipsec.ike.auth;

import java.net.InetAddress;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bgpipsec.config.Identity;

/**
 * Checks a peer's certificate chain for IKE certificate authentication (memo section 9: the scheme
 * "must tie back to a source IP address or AS number"):
 *
 * <ol>
 *   <li>PKIX path validation to the configured CA at the injected clock's time (signatures,
 *       validity, CA constraints), with the RFC 3779 extensions understood even when critical and
 *       each certificate's resources covered by its issuer's;
 *   <li>digitalSignature in the end entity's key usage (RFC 7296 uses it for AUTH);
 *   <li>the configured peer AS and address among the end entity's RFC 3779 resources;
 *   <li>the IKE identity the peer sent is the certificate's subject DN or an IP subjectAltName.
 * </ol>
 */
public final class PeerCertificateValidator {

  /** What the configuration says the peer must be. */
  public record Expectation(long as, InetAddress address, Identity identity) {}

  /** What validation established: recorded with the IKE SA and its Child SAs. */
  public record Validated(
      X509Certificate certificate, long as, InetAddress address, String subject) {}

  private final TrustAnchor anchor;
  private final X509Certificate caCertificate;
  private final Clock clock;

  public PeerCertificateValidator(X509Certificate caCertificate, Clock clock) {
    this.anchor = new TrustAnchor(caCertificate, null);
    this.caCertificate = caCertificate;
    this.clock = clock;
  }

  /** The configured CA (trust anchor). */
  public X509Certificate caCertificate() {
    return caCertificate;
  }

  /**
   * @param chain the peer's certificates, end entity first (the CERT payloads in order)
   */
  public Validated validate(List<X509Certificate> chain, Expectation expected)
      throws CertificateException {
    if (chain.isEmpty()) {
      throw new CertificateException(CertificateError.MALFORMED, "no certificate");
    }
    X509Certificate leaf = chain.getFirst();
    // The leaf's resources with "inherit" resolved along the path (RFC 3779 2.2.3.5, 3.2.3.3).
    Rfc3779.Resources resources = pkix(chain);
    boolean[] usage = leaf.getKeyUsage();
    if (usage != null && !usage[0]) {
      throw new CertificateException(
          CertificateError.WRONG_KEY_USAGE,
          "key usage of " + leaf.getSubjectX500Principal().getName() + " lacks digitalSignature");
    }
    if (resources.as().isEmpty() || !resources.as().get().contains(expected.as())) {
      throw new CertificateException(
          CertificateError.AS_NOT_COVERED,
          "certificate holds AS "
              + resources.as().map(Object::toString).orElse("(none)")
              + ", the peer is configured with AS "
              + expected.as());
    }
    if (resources.ip().isEmpty() || !resources.ip().get().contains(expected.address())) {
      throw new CertificateException(
          CertificateError.ADDRESS_NOT_COVERED,
          "certificate does not hold the peer's address " + IpRange.format(expected.address()));
    }
    checkIdentity(leaf, expected.identity());
    return new Validated(
        leaf,
        expected.as(),
        expected.address(),
        leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
  }

  /**
   * Validates the path from the trust anchor to the leaf ({@code chain}, leaf first) and returns
   * the leaf's effective RFC 3779 resources.
   */
  private Rfc3779.Resources pkix(List<X509Certificate> chain) throws CertificateException {
    List<X509Certificate> path = new ArrayList<>(chain);
    // A peer may send the CA certificate too: the path ends below the trust anchor.
    path.removeIf(c -> c.equals(caCertificate));
    if (path.isEmpty()) {
      throw new CertificateException(
          CertificateError.MALFORMED, "the peer sent only the CA certificate");
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(Set.of(anchor));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      params.addCertPathChecker(new Rfc3779Checker(caCertificate));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      // The path is valid, so every extension decodes; resolve "inherit" from the anchor down.
      Rfc3779.Resources resources = Rfc3779.of(caCertificate);
      for (X509Certificate c : path.reversed()) {
        resources = Rfc3779Checker.below(resources, Rfc3779.of(c));
      }
      return resources;
    } catch (CertPathValidatorException e) {
      throw new CertificateException(errorOf(e), e.getMessage());
    } catch (Rfc3779.DecodingException
        | java.security.cert.CertificateException
        | NoSuchAlgorithmException
        | InvalidAlgorithmParameterException e) {
      throw new CertificateException(CertificateError.MALFORMED, e.getMessage());
    }
  }

  private static CertificateError errorOf(CertPathValidatorException e) {
    if (e.getCause() instanceof CertificateException ce) {
      return ce.error();
    }
    var reason = e.getReason();
    if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
      return CertificateError.EXPIRED;
    }
    if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return CertificateError.NOT_YET_VALID;
    }
    if (reason == PKIXReason.INVALID_KEY_USAGE) {
      return CertificateError.WRONG_KEY_USAGE;
    }
    return CertificateError.UNKNOWN_CA;
  }

  /** The IKE identity must name this certificate: its subject DN or one of its IP alt names. */
  private static void checkIdentity(X509Certificate leaf, Identity id) throws CertificateException {
    boolean ok =
        switch (id.type()) {
          case DER_ASN1_DN -> new X500Principal(id.value()).equals(leaf.getSubjectX500Principal());
          case IPV4_ADDR, IPV6_ADDR ->
              LocalCa.hasIpAltName(leaf, InetAddress.ofLiteral(id.value()));
          case FQDN, KEY_ID -> false;
        };
    if (!ok) {
      throw new CertificateException(
          CertificateError.IDENTITY_MISMATCH,
          id
              + " is not the certificate's subject "
              + leaf.getSubjectX500Principal().getName()
              + " nor an address in its subjectAltName");
    }
  }

  /**
   * Marks the RFC 3779 extensions as understood (they are usually critical) and checks that each
   * certificate's resources lie within its issuer's. PKIX calls it from the trust anchor down.
   */
  private static final class Rfc3779Checker extends PKIXCertPathChecker {
    private final X509Certificate anchor;
    private Rfc3779.Resources issuer;

    Rfc3779Checker(X509Certificate anchor) {
      this.anchor = anchor;
    }

    @Override
    public void init(boolean forward) throws CertPathValidatorException {
      if (forward) {
        throw new CertPathValidatorException("forward checking is not supported");
      }
      try {
        issuer = Rfc3779.of(anchor);
      } catch (Rfc3779.DecodingException e) {
        throw new CertPathValidatorException(
            new CertificateException(CertificateError.MALFORMED, "CA: " + e.getMessage()));
      }
    }

    @Override
    public boolean isForwardCheckingSupported() {
      return false;
    }

    @Override
    public Set<String> getSupportedExtensions() {
      return Set.of(Rfc3779.AUTONOMOUS_SYS_IDS_OID, Rfc3779.IP_ADDR_BLOCKS_OID);
    }

    @Override
    public void check(java.security.cert.Certificate cert, Collection<String> unresolvedCritExts)
        throws CertPathValidatorException {
      unresolvedCritExts.remove(Rfc3779.AUTONOMOUS_SYS_IDS_OID);
      unresolvedCritExts.remove(Rfc3779.IP_ADDR_BLOCKS_OID);
      X509Certificate x = (X509Certificate) cert;
      Rfc3779.Resources mine;
      try {
        mine = Rfc3779.of(x);
      } catch (Rfc3779.DecodingException e) {
        throw new CertPathValidatorException(
            new CertificateException(CertificateError.MALFORMED, e.getMessage()));
      }
      boolean asOk =
          mine.as().isEmpty() || issuer.as().map(i -> i.covers(mine.as().get())).orElse(false);
      boolean ipOk =
          mine.ip().isEmpty() || issuer.ip().map(i -> i.covers(mine.ip().get())).orElse(false);
      if (!asOk || !ipOk) {
        throw new CertPathValidatorException(
            new CertificateException(
                CertificateError.RESOURCES_EXCEED_ISSUER,
                x.getSubjectX500Principal().getName()
                    + " holds "
                    + (asOk ? "addresses" : "AS numbers")
                    + " its issuer does not"));
      }
      issuer = below(issuer, mine);
    }

    /**
     * The effective resources of a certificate holding {@code mine} under an issuer whose effective
     * resources are {@code issuer}: "inherit" takes the issuer's.
     */
    static Rfc3779.Resources below(Rfc3779.Resources issuer, Rfc3779.Resources mine) {
      return new Rfc3779.Resources(
          mine.as().filter(a -> !a.inherit()).or(issuer::as),
          mine.ip().isPresent() ? mine.ip().map(ip -> inherited(ip, issuer.ip())) : issuer.ip());
    }

    /** {@code ip} with each family marked "inherit" replaced by the issuer's same family. */
    static IpResources inherited(IpResources ip, Optional<IpResources> issuerIp) {
      List<IpResources.Family> families = new ArrayList<>();
      for (IpResources.Family f : ip.families()) {
        if (!f.inherit()) {
          families.add(f);
          continue;
        }
        issuerIp.stream()
            .flatMap(i -> i.families().stream())
            .filter(g -> g.afi() == f.afi() && java.util.Objects.equals(g.safi(), f.safi()))
            .findFirst()
            .ifPresent(families::add);
      }
      return new IpResources(families);
    }
  }

  /** The certificate's own AS numbers, for reports. */
  public static Optional<AsResources> asOf(X509Certificate c) {
    try {
      return Rfc3779.of(c).as();
    } catch (Rfc3779.DecodingException e) {
      return Optional.empty();
    }
  }
}
