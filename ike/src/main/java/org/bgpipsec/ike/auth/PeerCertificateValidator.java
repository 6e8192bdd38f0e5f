package org.bgpipsec.ike.auth;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bgpipsec.config.Identity;
import org.bgpipsec.ike.crypto.PublicKeyOperations;

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
 *
 * <p><b>Verified paths.</b> Step 1 depends only on the certificates of the path, the trust anchor
 * and the time, so its outcome is kept for paths that passed it: the key is a SHA-256 digest of the
 * DER of every certificate of the path and of the anchor, the value the leaf's effective RFC 3779
 * resources and the validity window of the path (latest notBefore, earliest notAfter, the anchor's
 * included). A path seen again is not re-verified (its issuer signatures, CA constraints and RFC
 * 3779 nesting are those already checked, bit for bit) while the clock lies inside that window;
 * outside it the entry is dropped and PKIX runs again, so an expired or not yet valid certificate
 * is refused with the same {@link CertificateError} as on first sight. Steps 2 to 4 run on every
 * call, against each call's expectation. Only successful validations are kept, at most {@value
 * #CACHE_ENTRIES} paths, least recently used first out. strongSwan's charon does the same (its
 * certificate cache of verified subject-issuer relationships), and without it every IKE_AUTH
 * verifies the CA's signature on a peer certificate seen many times before: a cost charon does not
 * pay, which made the responder benchmarks of certificate suites an unequal comparison.
 */
public final class PeerCertificateValidator {

  /** What the configuration says the peer must be. */
  public record Expectation(long as, InetAddress address, Identity identity) {}

  /** What validation established: recorded with the IKE SA and its Child SAs. */
  public record Validated(
      X509Certificate certificate, long as, InetAddress address, String subject) {}

  /** How many verified paths are kept. */
  static final int CACHE_ENTRIES = 1024;

  /** A path that passed PKIX: the leaf's effective resources and the path's validity window. */
  private record VerifiedPath(Rfc3779.Resources resources, Instant notBefore, Instant notAfter) {}

  private final TrustAnchor anchor;
  private final X509Certificate caCertificate;
  private final byte[] caEncoded;
  private final Clock clock;
  private final Map<Digest, VerifiedPath> verified;
  private final AtomicLong pkixValidations = new AtomicLong();

  public PeerCertificateValidator(X509Certificate caCertificate, Clock clock) {
    this(caCertificate, clock, CACHE_ENTRIES);
  }

  /** With room for {@code cacheEntries} verified paths (tests use a small bound). */
  PeerCertificateValidator(X509Certificate caCertificate, Clock clock, int cacheEntries) {
    this.verified = lruMap(cacheEntries);
    this.anchor = new TrustAnchor(caCertificate, null);
    this.caCertificate = caCertificate;
    this.clock = clock;
    try {
      this.caEncoded = caCertificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the CA certificate does not encode", e);
    }
  }

  private static <K, V> Map<K, V> lruMap(int capacity) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        });
  }

  /** How many paths went through PKIX validation (cache misses), for tests. */
  long pkixValidations() {
    return pkixValidations.get();
  }

  /** How many verified paths are kept now, for tests. */
  int cachedPaths() {
    return verified.size();
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
    Digest key = digest(path);
    Instant now = clock.instant();
    VerifiedPath hit = verified.get(key);
    if (hit != null) {
      if (!now.isBefore(hit.notBefore()) && !now.isAfter(hit.notAfter())) {
        return hit.resources();
      }
      // Outside the window: PKIX below refuses it with its own reason (RFC 5280 6.1.3 (a)(2)).
      verified.remove(key);
    }
    Rfc3779.Resources resources = pkix(path, now);
    Instant notBefore = caCertificate.getNotBefore().toInstant();
    Instant notAfter = caCertificate.getNotAfter().toInstant();
    for (X509Certificate c : path) {
      notBefore = max(notBefore, c.getNotBefore().toInstant());
      notAfter = min(notAfter, c.getNotAfter().toInstant());
    }
    verified.put(key, new VerifiedPath(resources, notBefore, notAfter));
    return resources;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** A SHA-256 digest, compared by value. */
  private record Digest(ByteBuffer value) {}

  /** The key of a path: SHA-256 over each certificate's DER (length first), then the anchor's. */
  private Digest digest(List<X509Certificate> path) throws CertificateException {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (X509Certificate c : path) {
        update(d, c.getEncoded());
      }
      update(d, caEncoded);
      return new Digest(ByteBuffer.wrap(d.digest()));
    } catch (CertificateEncodingException e) {
      throw new CertificateException(CertificateError.MALFORMED, e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is a mandatory JCA algorithm", e);
    }
  }

  private static void update(MessageDigest d, byte[] der) {
    d.update(ByteBuffer.allocate(4).putInt(0, der.length).array());
    d.update(der);
  }

  /** PKIX validation of {@code path} (leaf first, below the anchor) at {@code now}. */
  private Rfc3779.Resources pkix(List<X509Certificate> path, Instant now)
      throws CertificateException {
    pkixValidations.incrementAndGet();
    // PKIX verifies the signature of every certificate of the path (the anchor's is not checked).
    PublicKeyOperations.count(PublicKeyOperations.Kind.CERTIFICATE_VERIFY, path.size());
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(Set.of(anchor));
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
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
