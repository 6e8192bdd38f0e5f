package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IkeProposalTest {

  @Test
  void aeadProposal() {
    IkeProposal p = IkeProposal.parse("aes256gcm16-prfsha384-ecp384");
    assertThat(p)
        .isEqualTo(
            new IkeProposal(
                IkeProposal.Encryption.AES256_GCM16,
                Optional.empty(),
                IkeProposal.Prf.SHA384,
                DhGroup.ECP384));
    assertThat(p.toString()).isEqualTo("aes256gcm16-prfsha384-ecp384");
  }

  @Test
  void cbcProposalTakesThePrfFromTheIntegrityHash() {
    IkeProposal p = IkeProposal.parse("aes128-sha512-modp2048");
    assertThat(p.prf()).isEqualTo(IkeProposal.Prf.SHA512);
    assertThat(p.integrity()).contains(IkeProposal.Integrity.SHA512);
    assertThat(p.group().number()).isEqualTo(14);
    assertThat(p.toString()).isEqualTo("aes128-sha512-modp2048");
  }

  @Test
  void x25519IsCurve25519() {
    assertThat(IkeProposal.parse("aes128gcm16-prfsha256-x25519").group())
        .isEqualTo(DhGroup.CURVE25519);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "aes128-sha256-modp1024", // weak group
        "3des-sha256-modp2048", // weak cipher
        "aes128-md5-modp2048", // weak integrity
        "aes128gcm16-sha256-ecp256", // AEAD with integrity
        "aes128-modp2048", // CBC without integrity
        "aes128gcm16-ecp256", // AEAD without PRF
        "aes128-sha256", // no group
        "aes128-aes256-sha256-modp2048", // two ciphers
        "aes128-sha256-modp2049" // unknown
      })
  void refused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> IkeProposal.parse(text));
  }
}
