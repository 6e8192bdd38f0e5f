package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WiresharkKeyLogTest {
  @Test
  void lineHasTheEightColumnsOfTheIkev2DecryptionTable() {
    IkeSaSuite suite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_CBC_128,
            IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128,
            PrfAlgorithm.PRF_HMAC_SHA2_256,
            DhGroup.ECP_256);
    IkeSaKeys keys =
        IkeSaKeys.derive(
            suite,
            KeyMaterial.copyOf(new byte[32]),
            new byte[16],
            new byte[16],
            0x0102030405060708L,
            0x1112131415161718L);
    String line =
        WiresharkKeyLog.ikev2DecryptionTableLine(0x0102030405060708L, 0x1112131415161718L, keys);
    String[] columns = line.split(",");
    assertThat(columns).hasSize(8);
    assertThat(columns[0]).isEqualTo("0102030405060708");
    assertThat(columns[1]).isEqualTo("1112131415161718");
    assertThat(columns[2]).hasSize(32);
    assertThat(columns[4]).isEqualTo("\"AES-CBC-128 [RFC3602]\"");
    assertThat(columns[5]).hasSize(64);
    assertThat(columns[7]).isEqualTo("\"HMAC_SHA2_256_128 [RFC4868]\"");
  }
}
