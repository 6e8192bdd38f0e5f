package org.bgpipsec.ike.auth;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A local certificate authority for router certificates (memo section 9: "certificate-based IKE
 * must be supported"; certificates tie a router to its AS number and address through the RFC 3779
 * extensions). Files: {@code ca.crt} and {@code ca.key} in the CA's directory; keys are written
 * with mode 0600.
 */
public final class LocalCa {

  /** Key algorithms for the CA and for router certificates. */
  public enum KeyType {
    ECDSA_P256("ecdsa-p256", "SHA256withECDSA"),
    RSA_2048("rsa-2048", "SHA256withRSA"),
    RSA_3072("rsa-3072", "SHA256withRSA"),
    ED25519("ed25519", "Ed25519");

    private final String cliName;
    private final String signatureAlgorithm;

    KeyType(String cliName, String signatureAlgorithm) {
      this.cliName = cliName;
      this.signatureAlgorithm = signatureAlgorithm;
    }

    public String cliName() {
      return cliName;
    }

    public static KeyType parse(String s) {
      for (KeyType k : values()) {
        if (k.cliName.equals(s.toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "'" + s + "' is not one of ecdsa-p256, rsa-2048, rsa-3072, ed25519");
    }

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
      KeyPairGenerator g;
      switch (this) {
        case ECDSA_P256 -> {
          g = KeyPairGenerator.getInstance("EC");
          g.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        case RSA_2048 -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
        }
        case RSA_3072 -> {
          g = KeyPairGenerator.getInstance("RSA");
          g.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4), random);
        }
        default -> g = KeyPairGenerator.getInstance("Ed25519");
      }
      return g.generateKeyPair();
    }

    static KeyType of(PublicKey key) {
      return switch (key.getAlgorithm()) {
        case "EC" -> ECDSA_P256;
        case "RSA" -> RSA_3072; // the same signature algorithm for every RSA size
        case "Ed25519", "EdDSA" -> ED25519;
        default -> throw new IllegalArgumentException("unsupported CA key " + key.getAlgorithm());
      };
    }
  }

  /** A failure the user can act on (exists, missing, not covered by the CA). */
  public static final class CaException extends Exception {
    private static final long serialVersionUID = 1L;

    public CaException(String message) {
      super(message);
    }

    CaException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** What {@link #issue} wrote. */
  public record Issued(Path certificate, Path privateKey, X509Certificate x509) {}

  private final Path directory;
  private final X509Certificate certificate;
  private final PrivateKey key;
  private final Clock clock;
  private final SecureRandom random;

  private LocalCa(
      Path directory,
      X509Certificate certificate,
      PrivateKey key,
      Clock clock,
      SecureRandom random) {
    this.directory = directory;
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
    this.random = random;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Creates a CA in {@code directory}: a self-signed certificate whose RFC 3779 extensions hold the
   * AS numbers and addresses it may delegate.
   */
  public static LocalCa init(
      Path directory,
      String name,
      KeyType type,
      AsResources as,
      IpResources ip,
      Duration validity,
      Clock clock,
      SecureRandom random)
      throws CaException {
    return init(directory, name, type, as, ip, validity, true, clock, random);
  }

  /**
   * Creates a CA as {@link #init(Path, String, KeyType, AsResources, IpResources, Duration, Clock,
   * SecureRandom)} does, choosing whether its RFC 3779 extensions are critical (interop tests: a
   * peer that does not know autonomousSysIds refuses a critical one).
   */
  public static LocalCa init(
      Path directory,
      String name,
      KeyType type,
      AsResources as,
      IpResources ip,
      Duration validity,
      boolean critical,
      Clock clock,
      SecureRandom random)
      throws CaException {
    Path crt = directory.resolve("ca.crt");
    Path keyFile = directory.resolve("ca.key");
    if (Files.exists(crt) || Files.exists(keyFile)) {
      throw new CaException(
          directory + " already holds a CA (ca.crt or ca.key); choose another directory");
    }
    try {
      Files.createDirectories(directory);
      KeyPair pair = type.generate(random);
      X500Principal subject = new X500Principal("CN=" + name + ",O=bgp-ipsec");
      Instant now = clock.instant();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(random),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              subject,
              pair.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(pair.getPublic()));
      b.addExtension(new Extension(Rfc3779.AUTONOMOUS_SYS_IDS, critical, Rfc3779.encode(as)));
      b.addExtension(new Extension(Rfc3779.IP_ADDR_BLOCKS, critical, Rfc3779.encode(ip)));
      X509Certificate cert = sign(b, pair.getPrivate(), type);
      writePem(crt, cert, false);
      writePem(keyFile, pair.getPrivate(), true);
      return new LocalCa(directory, cert, pair.getPrivate(), clock, random);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new CaException("cannot create the CA in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Opens an existing CA directory. */
  public static LocalCa open(Path directory, Clock clock, SecureRandom random) throws CaException {
    Path crt = directory.resolve("ca.crt");
    Path keyFile = directory.resolve("ca.key");
    if (!Files.isReadable(crt) || !Files.isReadable(keyFile)) {
      throw new CaException(
          directory + " holds no CA (ca.crt and ca.key); create one with 'bgp-ipsec ca init'");
    }
    X509Certificate cert = Pem.readCertificate(crt);
    PrivateKey key = Pem.readPrivateKey(keyFile);
    return new LocalCa(directory, cert, key, clock, random);
  }

  /**
   * Issues a router certificate: subject CN=name, subjectAltName with each single address, and the
   * RFC 3779 extensions holding {@code as} and {@code addresses}, which the CA's own must cover
   * (RFC 3779 2.3 and 3.3).
   *
   * @param critical whether the RFC 3779 extensions are marked critical (RFC 3779 says they SHOULD
   *     be; strongSwan 5.9 refuses a critical AS extension unless told otherwise)
   */
  public Issued issue(
      String name,
      List<AsRange> as,
      List<IpRange> addresses,
      KeyType type,
      Duration validity,
      boolean critical,
      Path outDirectory)
      throws CaException {
    Instant now = clock.instant();
    return issue(
        name,
        as,
        addresses,
        type,
        now.minus(Duration.ofMinutes(5)),
        now.plus(validity),
        KeyUsage.digitalSignature,
        critical,
        outDirectory);
  }

  /**
   * Issues a router certificate with an explicit validity period and key usage (tests make expired,
   * not yet valid and wrong-usage certificates with it).
   *
   * @param keyUsage the {@link KeyUsage} bits, {@link KeyUsage#digitalSignature} for IKE
   */
  public Issued issue(
      String name,
      List<AsRange> as,
      List<IpRange> addresses,
      KeyType type,
      Instant notBefore,
      Instant notAfter,
      int keyUsage,
      boolean critical,
      Path outDirectory)
      throws CaException {
    if (as.isEmpty() && addresses.isEmpty()) {
      throw new CaException("a router certificate needs at least one AS number or address");
    }
    Rfc3779.Resources caResources;
    try {
      caResources = Rfc3779.of(certificate);
    } catch (Rfc3779.DecodingException e) {
      throw new CaException(
          "the CA certificate's RFC 3779 extensions are malformed: " + e.getMessage());
    }
    AsResources asRes = AsResources.of(as);
    IpResources ipRes = IpResources.of(addresses);
    if (!as.isEmpty() && !caResources.as().map(c -> c.covers(asRes)).orElse(false)) {
      throw new CaException(
          "AS "
              + asRes
              + " is not covered by the CA's AS numbers "
              + caResources.as().map(Object::toString).orElse("(none)"));
    }
    if (!addresses.isEmpty() && !caResources.ip().map(c -> c.covers(ipRes)).orElse(false)) {
      throw new CaException(
          "addresses " + addresses + " are not covered by the CA's address blocks");
    }
    Path crt = outDirectory.resolve(name + ".crt");
    Path keyFile = outDirectory.resolve(name + ".key");
    if (Files.exists(crt) || Files.exists(keyFile)) {
      throw new CaException(crt + " or " + keyFile + " already exists");
    }
    try {
      Files.createDirectories(outDirectory);
      KeyPair pair = type.generate(random);
      X500Principal subject = new X500Principal("CN=" + name + ",O=bgp-ipsec");
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(random),
              Date.from(notBefore),
              Date.from(notAfter),
              subject,
              pair.getPublic());
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(pair.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
      List<GeneralName> names = new ArrayList<>();
      for (IpRange r : addresses) {
        if (r.min().equals(r.max())) {
          names.add(new GeneralName(GeneralName.iPAddress, r.min().getHostAddress()));
        }
      }
      if (!names.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      if (!as.isEmpty()) {
        b.addExtension(new Extension(Rfc3779.AUTONOMOUS_SYS_IDS, critical, Rfc3779.encode(asRes)));
      }
      if (!addresses.isEmpty()) {
        b.addExtension(new Extension(Rfc3779.IP_ADDR_BLOCKS, critical, Rfc3779.encode(ipRes)));
      }
      X509Certificate cert = sign(b, key, KeyType.of(certificate.getPublicKey()));
      writePem(crt, cert, false);
      writePem(keyFile, pair.getPrivate(), true);
      return new Issued(crt, keyFile, cert);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new CaException("cannot issue " + name + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key, KeyType type)
      throws OperatorCreationException, CertificateException {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder(type.signatureAlgorithm).build(key)));
  }

  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).setBit(126);
  }

  private static void writePem(Path file, Object object, boolean secret) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      // Private keys always as PKCS#8 ("PRIVATE KEY"), which strongSwan and OpenSSL both read.
      w.writeObject(
          object instanceof PrivateKey k
              ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null).generate()
              : object);
    }
    if (secret) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(
                Set.of(
                    java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                    java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
    } else {
      try {
        Files.writeString(
            file,
            s.toString(),
            StandardCharsets.US_ASCII,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        throw new IOException(file + " already exists", e);
      }
    }
  }

  /** PEM reading (certificates and PKCS#8, SEC1 or PKCS#1 private keys). */
  public static final class Pem {
    private Pem() {}

    public static X509Certificate readCertificate(Path file) throws CaException {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
          PEMParser p = new PEMParser(r)) {
        Object o = p.readObject();
        if (o instanceof org.bouncycastle.cert.X509CertificateHolder h) {
          return new JcaX509CertificateConverter().getCertificate(h);
        }
        throw new CaException(file + " holds no PEM certificate");
      } catch (IOException | CertificateException | RuntimeException e) {
        throw new CaException("cannot read the certificate " + file + ": " + e.getMessage(), e);
      }
    }

    /** Every certificate of a PEM file, in file order (ours first, then intermediates). */
    public static List<X509Certificate> readCertificates(Path file) throws CaException {
      List<X509Certificate> out = new ArrayList<>();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
          PEMParser p = new PEMParser(r)) {
        for (Object o = p.readObject(); o != null; o = p.readObject()) {
          if (o instanceof org.bouncycastle.cert.X509CertificateHolder h) {
            out.add(new JcaX509CertificateConverter().getCertificate(h));
          }
        }
      } catch (IOException | CertificateException | RuntimeException e) {
        throw new CaException("cannot read the certificate " + file + ": " + e.getMessage(), e);
      }
      if (out.isEmpty()) {
        throw new CaException(file + " holds no PEM certificate");
      }
      return List.copyOf(out);
    }

    public static PrivateKey readPrivateKey(Path file) throws CaException {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
          PEMParser p = new PEMParser(r)) {
        Object o = p.readObject();
        JcaPEMKeyConverter c = new JcaPEMKeyConverter();
        if (o instanceof PEMKeyPair kp) {
          return c.getPrivateKey(kp.getPrivateKeyInfo());
        }
        if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
          return c.getPrivateKey(info);
        }
        throw new CaException(file + " holds no unencrypted PEM private key");
      } catch (IOException | RuntimeException e) {
        throw new CaException("cannot read the private key " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Whether {@code key} is the private half of {@code publicKey}: a signature over a fixed text
   * verifies.
   */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    try {
      KeyType type = KeyType.of(publicKey);
      String algorithm =
          type == KeyType.ED25519
              ? "Ed25519"
              : type == KeyType.RSA_3072 ? "SHA256withRSA" : "SHA256withECDSA";
      byte[] text = "bgp-ipsec key check".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature s = java.security.Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(text);
      byte[] sig = s.sign();
      s.initVerify(publicKey);
      s.update(text);
      return s.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code address} is named in the certificate's subjectAltName as an IP address. */
  public static boolean hasIpAltName(X509Certificate cert, InetAddress address) {
    try {
      var names = cert.getSubjectAlternativeNames();
      if (names == null) {
        return false;
      }
      for (List<?> n : names) {
        if (Integer.valueOf(GeneralName.iPAddress).equals(n.get(0))
            && InetAddress.ofLiteral((String) n.get(1)).equals(address)) {
          return true;
        }
      }
      return false;
    } catch (java.security.cert.CertificateParsingException | IllegalArgumentException e) {
      return false;
    }
  }
}
