package org.bgpipsec.ike.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bgpipsec.config.Identity;
import org.junit.jupiter.api.Test;

/**
 * Certificate-chain handling under arbitrary input (issue 10): the bytes are read as a sequence of
 * DER certificates, as a peer's CERT payloads would bring them, and handed to {@link
 * PeerCertificateValidator}. It answers with a {@link PeerCertificateValidator.Validated} for the
 * configured peer or a {@link CertificateException} with its {@link CertificateError}; never
 * another exception. Seeds: chains issued by {@link LocalCa} (the trust anchor is the seeds' CA,
 * {@code PeerCertificateValidatorFuzzTest-ca.der}) and one from the OpenSSL-made example PKI. Fuzz
 * with {@code JAZZER_FUZZ=1}.
 */
class PeerCertificateValidatorFuzzTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
  static final PeerCertificateValidator.Expectation R1 =
      new PeerCertificateValidator.Expectation(
          65001,
          InetAddress.ofLiteral("192.0.2.1"),
          new Identity(Identity.Type.DER_ASN1_DN, "CN=r1,O=bgp-ipsec"));
  static final PeerCertificateValidator VALIDATOR =
      new PeerCertificateValidator(certificate("PeerCertificateValidatorFuzzTest-ca.der"), CLOCK);

  @FuzzTest(maxDuration = "30s")
  void chains(byte[] input) {
    List<X509Certificate> chain;
    try {
      chain = parse(input);
    } catch (java.security.cert.CertificateException | RuntimeException notCertificates) {
      return; // the JDK's DER parser refused the bytes before our code sees them
    }
    try {
      PeerCertificateValidator.Validated v = VALIDATOR.validate(chain, R1);
      // Accepted: then it is a certificate for the configured peer.
      assertThat(v.as()).isEqualTo(65001);
      assertThat(PeerCertificateValidator.asOf(v.certificate()).orElseThrow().contains(65001))
          .isTrue();
      assertThat(v.certificate()).isEqualTo(chain.getFirst());
    } catch (CertificateException refused) {
      assertThat(refused.error()).isNotNull();
    }
  }

  /** The seeds say what they are: the fuzz target starts from accepted and refused chains. */
  @Test
  void theSeedChainsAreJudgedAsExpected() throws Exception {
    assertThat(VALIDATOR.validate(parse(seed("r1-leaf")), R1).as()).isEqualTo(65001);
    assertThat(VALIDATOR.validate(parse(seed("r1-leaf-and-ca")), R1).subject())
        .isEqualTo("CN=r1,O=bgp-ipsec");
    assertThatThrownBy(() -> VALIDATOR.validate(parse(seed("r2-leaf-other-as")), R1))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.AS_NOT_COVERED));
    assertThatThrownBy(() -> VALIDATOR.validate(parse(seed("ca-only")), R1))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.MALFORMED));
    assertThatThrownBy(() -> VALIDATOR.validate(parse(seed("openssl-example-r1-unknown-ca")), R1))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.UNKNOWN_CA));
    assertThatThrownBy(() -> VALIDATOR.validate(List.of(), R1))
        .isInstanceOfSatisfying(
            CertificateException.class,
            e -> assertThat(e.error()).isEqualTo(CertificateError.MALFORMED));
  }

  static List<X509Certificate> parse(byte[] der) throws java.security.cert.CertificateException {
    CertificateFactory f = CertificateFactory.getInstance("X.509");
    List<X509Certificate> chain = new ArrayList<>();
    for (var c : f.generateCertificates(new ByteArrayInputStream(der))) {
      chain.add((X509Certificate) c);
    }
    return chain;
  }

  static byte[] seed(String name) throws IOException {
    try (InputStream in =
        PeerCertificateValidatorFuzzTest.class.getResourceAsStream(
            "PeerCertificateValidatorFuzzTestInputs/chains/" + name)) {
      return in.readAllBytes();
    }
  }

  static X509Certificate certificate(String resource) {
    try (InputStream in = PeerCertificateValidatorFuzzTest.class.getResourceAsStream(resource)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException(e);
    }
  }
}
