package org.bgpipsec.ike.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The NIST ACVP / CAVP IKEv2 KDF known answer (SP 800-135 section 4.1.2, SHA2-256, DKM length 3072
 * bits), as the NIST ACVP server's own IkeV2Tests carries it:
 *
 * <pre>
 * SKEYSEED          = prf(Ni | Nr, g^ir)
 * DKM               = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
 * DKM(Child SA)     = prf+(SK_d, Ni | Nr)                 SK_d = first 32 octets of DKM
 * DKM(Child SA D-H) = prf+(SK_d, g^ir (new) | Ni | Nr)
 * SKEYSEED(Rekey)   = prf(SK_d, g^ir (new) | Ni | Nr)
 * </pre>
 */
class AcvpIkev2KdfTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final PrfAlgorithm PRF = PrfAlgorithm.PRF_HMAC_SHA2_256;
  private static final int DKM_LENGTH = 3072 / 8;

  static final byte[] NI =
      HEX.parseHex(
          "0a58fea9c1d4fee2e74e1aad6fb02dd5f318eb127465a112be8dc3c04d5dba62eae708f9dc1b2362afd6ba4bda3cf500"
              + "0f4979fbcbadbcfda9291593829c4e905c21db0c2ee15175ce77a8a0dadf25c7f175bc53fd91b636a9b3c50b203de9b9"
              + "d6dc463dcb4048f101e26498ceaed3afbcd931394a7e099392dfff82e5d6fa85c2e8a8ab90ad363a66795dc32798847e"
              + "405acd87988140f973058917273a6b0bafb962c75e2b1a21e79c08beeb82168bf8b4b57f3dce867bf7862a7b8acbc21b"
              + "e838021913daf64340c055ed17aaf7b6e1d0ca33ae890ddbdb83f4e615aad5e3bff58c3db70bac81a0dfbabe5391fc62"
              + "bca4659e22a0741e01d8d06e67d9bb41");
  static final byte[] NR =
      HEX.parseHex(
          "e4fdfa68df6171d9eaff8b7b5ad31e7c6098d259f3397c9854cbefe7449b0864c1df16ddece8b26567560f8d59182a44"
              + "c19149c2d0d72606a160021ade3d23c7c6936c91a4b6bec37adf38cfc84b851c68dcee06f81306f63abbefc07e231e30"
              + "58c49437a557df617eac01663593d2a3e594699284c0a35eae6931492ccb2a43db72a600a3899205d681d2b76b1280e4"
              + "56339bb10e0c584aecfdae31c77a4c40dbcb345f782ac32835d4c220c1e97254ded6a40075dd717b00b69c86a49e8017"
              + "73026536ae02d58a649827f1ba67610ee936dffd11c9d5a9156631916a0a0046ec0ba42f56f2a18de83d5d71a985b0cc"
              + "9eec2c06b3d907ca58454419f374069d");
  static final byte[] GIR =
      HEX.parseHex("9d469de41b4739c7dd01f19aa94f17e48150ae9dbede94832142db19");
  static final byte[] GIR_NEW =
      HEX.parseHex("c2987b0767006c3b9aea491bfed1646a3d7194639492b8d45b23b383");
  static final long SPI_I = 0xc8de93111750e409L;
  static final long SPI_R = 0x32d51b33508997faL;
  static final String SKEYSEED = "eec13ac67c2e072abb684ab4e7b6ce3e7f400af8b96bed48e113497ed337f8d4";
  static final String DKM =
      "bc83518f63b762874ac57947cdfae33a8d9724df0b83ee4b6df38c23fc2ad829f4d70b5a68dd1f5a52416f09758638ae"
          + "df919c09a17c5298cdb703bb75b1005cba0109739aaa4efd2fe7534c95ad05e546e4419931270eddcab68ac1589d7fde"
          + "47f5b9e8d5b614cb24ec3caf515497a9e99ee6f1b318ff153b539ef071dcaff9b41945dcb780700d69e5dc888a91de19"
          + "5c52825badfd0ab4c33cec71ab5c2b4badefe5455455ce5d8ae91721a2091bcccc1514e69482c9c8da1d9f0f187eedda"
          + "916393570a8c0a8dfabc26d8ed31e8ea47662515972a22d11d692bc1fac6395aecd82a01ab78daafcd6f3070b1201f15"
          + "8a19331b5d21ceee66fccd2ea37bc07648b9539a52dbf797af53e31a0e8706dd86cf5081ebabd095f281d23c222dd3bc"
          + "5abf06869017ca8f751cafcc85abea6ba88c139d1f32a12f7f486cf57eae5d85551b97f3963616d8f597c70efa98c1e1"
          + "fa369fb77a80b1ec5fe533890672c4551172eab1b7fd68ad08c4d4c69f2a867302065ca730aa6915bc2cfb6d93820977";
  static final String DKM_CHILD =
      "c725012285d56e53244a9baaaf95abfca543708d333a3f3a86ba660e00edd4d489bcd631819fda0413382edd9f53d1ed"
          + "718e056c2ad91d38de90f06cd434de70141d051c021e7ddd6e4137946b4770dca59a4decabdd866852eb557fdd995646"
          + "613ff2923f5f23aa58c8fbd5ad52cf2eac9bda97faad5596695f4a747a0f1cc6a1f78b2181138fb19ac24574d2e6b3a4"
          + "0d6e688abb919a27d793b76568ec66bd099f6f476b705c1472d774a1516a11311b887688f36649e24227640ea8d8666b"
          + "9f452217e7103b6f0a92b6adb8fbda650ba58d6ac13ac6f6b6361a5d1c44f1e9f22196c96295115c5d01a120e7265962"
          + "d20353a049286908da776c2165f706a16f43d85fcd319f89c4386340bcb8ed10df38345cb68af719abaf997e9789a5f1"
          + "9a392dcecd78168ba282f0b30555c7a47031a3156d12d7158aa41b863b8394d30fec63120e89cbc5750eed7786f7d596"
          + "1b1f2e6faca641ed776d2211bee757b68b77f94056172553715da9fbd1c9a8728f28a2f3c9714a4917490132562484cd";
  static final String DKM_CHILD_DH =
      "140a1f2a3c94318ece6edfa8c63f37d8d45982de8b6cbfe34011150db0253e34de3796d4aa579954a0bbf234794eb6e7"
          + "ece2a8f91100f5507df4ee8e66c7813d4c0ff64d484a3494c54b0d9c605ea24234a49a010ce5c352feb9e1060c8c7872"
          + "29466296cdc9d11bb9d221ed2bb39544572464254ec02a0fbe777b07402c775eb6d3e53cd16214c707f851942cc7da92"
          + "a811b6c5c82f29d9fc3751b0ebff9898fb14372402a6989ffb9cc32dfe7e2cea32fd882e09804d7fea34ce3b5eb6f303"
          + "e095c48a452b0a3eccada81af22195ebbaad289aeabdab074c94e751496bde39d868ebf1d693f36d1c3c672bbb59c9f7"
          + "7aeb68de57d77da231b7f13d6d277f600c3d3086c4de7b3a59127f4cb9c118935574f30e1b7c88b52c8c3531fdbd38ee"
          + "3d14c69e81803ced6e7501fa0180f6d110b648272002dc1ad5bf09dc83188011da1d48632e0d2453c8abdd8e9fd32a57"
          + "6aeb9ddfb0a024f674441c20a950d9bd8cd7b30933cc0d8e87b55e8aa9d913579b410417b3acc13c14bf73c457327873";
  static final String SKEYSEED_REKEY =
      "05f796c8df322a7e33283ae5fa2f376d8d5efa0ac3745fc548e430031424c121";

  @Test
  void skeyseedAndDkm() {
    KeyMaterial skeyseed = IkeKeyDerivation.skeyseed(PRF, NI, NR, KeyMaterial.copyOf(GIR));
    assertThat(HEX.formatHex(skeyseed.toByteArray())).isEqualTo(SKEYSEED);
    byte[] seed =
        ByteBuffer.allocate(NI.length + NR.length + 16)
            .put(NI)
            .put(NR)
            .putLong(SPI_I)
            .putLong(SPI_R)
            .array();
    assertThat(HEX.formatHex(PrfPlus.expand(PRF, skeyseed, seed, DKM_LENGTH).toByteArray()))
        .isEqualTo(DKM);
  }

  /** The seven IKE SA keys are the leading slices of the DKM. */
  @Test
  void ikeSaKeysAreSlicesOfTheDkm() {
    IkeSaSuite suite =
        new IkeSaSuite(
            EncryptionAlgorithm.ENCR_AES_CBC_256,
            IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128,
            PRF,
            DhGroup.ECP_256);
    IkeSaKeys keys = IkeSaKeys.derive(suite, KeyMaterial.copyOf(GIR), NI, NR, SPI_I, SPI_R);
    byte[] dkm = HEX.parseHex(DKM);
    assertThat(keys.skD().toByteArray()).isEqualTo(Arrays.copyOfRange(dkm, 0, 32));
    assertThat(keys.skAi().toByteArray()).isEqualTo(Arrays.copyOfRange(dkm, 32, 64));
    assertThat(keys.skEr().toByteArray()).isEqualTo(Arrays.copyOfRange(dkm, 128, 160));
    assertThat(keys.skPr().toByteArray()).isEqualTo(Arrays.copyOfRange(dkm, 192, 224));
  }

  @Test
  void childSaKeymatWithAndWithoutPfs() {
    KeyMaterial skD = KeyMaterial.copyOf(Arrays.copyOf(HEX.parseHex(DKM), 32));
    ChildSaKeys plain = ChildSaKeys.derive(PRF, skD, null, NI, NR, DKM_LENGTH / 2, 0);
    assertThat(
            HEX.formatHex(plain.initiatorToResponder().encryption().toByteArray())
                + HEX.formatHex(plain.responderToInitiator().encryption().toByteArray()))
        .isEqualTo(DKM_CHILD);
    ChildSaKeys pfs =
        ChildSaKeys.derive(PRF, skD, KeyMaterial.copyOf(GIR_NEW), NI, NR, DKM_LENGTH / 2, 0);
    assertThat(
            HEX.formatHex(pfs.initiatorToResponder().encryption().toByteArray())
                + HEX.formatHex(pfs.responderToInitiator().encryption().toByteArray()))
        .isEqualTo(DKM_CHILD_DH);
  }

  @Test
  void rekeySkeyseed() {
    KeyMaterial skD = KeyMaterial.copyOf(Arrays.copyOf(HEX.parseHex(DKM), 32));
    assertThat(
            HEX.formatHex(
                IkeKeyDerivation.rekeySkeyseed(PRF, skD, KeyMaterial.copyOf(GIR_NEW), NI, NR)
                    .toByteArray()))
        .isEqualTo(SKEYSEED_REKEY);
  }
}
