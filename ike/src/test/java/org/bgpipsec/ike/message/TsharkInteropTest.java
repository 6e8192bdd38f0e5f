package org.bgpipsec.ike.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.IntegrityAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.crypto.WiresharkKeyLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wireshark (tshark 4.0) as an independent IKEv2 implementation: it dissects messages our codec
 * encodes and, given the keys, decrypts the SK payloads our code protects. Needs tshark on the PATH
 * (interop suite: a missing tshark is a failure).
 */
@Tag("interop")
class TsharkInteropTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"gcm", "cbc"})
  void tsharkDecryptsAndDissectsOurMessages(String mode) throws Exception {
    boolean gcm = mode.equals("gcm");
    IkeSaSuite suite =
        gcm
            ? new IkeSaSuite(
                EncryptionAlgorithm.ENCR_AES_GCM_16_256,
                null,
                PrfAlgorithm.PRF_HMAC_SHA2_384,
                DhGroup.CURVE25519)
            : new IkeSaSuite(
                EncryptionAlgorithm.ENCR_AES_CBC_256,
                IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256,
                PrfAlgorithm.PRF_HMAC_SHA2_256,
                DhGroup.MODP_2048);
    SecureRandom random = new SecureRandom();
    long spiI = random.nextLong();
    long spiR = random.nextLong();
    byte[] ni = new byte[32];
    byte[] nr = new byte[32];
    byte[] gir = new byte[suite.group().sharedSecretLength()];
    random.nextBytes(ni);
    random.nextBytes(nr);
    random.nextBytes(gir);
    IkeSaKeys keys = IkeSaKeys.derive(suite, KeyMaterial.copyOf(gir), ni, nr, spiI, spiR);

    IkeMessage init =
        new IkeMessage(
            IkeHeader.v2(spiI, 0, ExchangeType.IKE_SA_INIT, true, false, 0),
            List.of(
                IkeMessageCodecTest.sampleInit().payloads().get(0),
                new KeyExchangePayload(
                    suite.group().transformId(),
                    Octets.of(new byte[suite.group().publicValueLength()])),
                new NoncePayload(Octets.of(ni)),
                NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED, Octets.EMPTY)));
    IkeHeader authHeader = IkeHeader.v2(spiI, spiR, ExchangeType.IKE_AUTH, true, false, 1);
    List<Payload> inner =
        List.of(
            new IdentificationPayload(true, IdType.ID_IPV4_ADDR.code(), Octets.ofHex("c0000201")),
            new AuthenticationPayload(
                AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.code(), Octets.of(new byte[32])),
            NotifyPayload.of(NotifyType.USE_TRANSPORT_MODE, Octets.EMPTY),
            new TrafficSelectorPayload(
                false,
                List.of(
                    new TrafficSelector.AddressRange(
                        6, 179, 179, Octets.ofHex("c0000202"), Octets.ofHex("c0000202")))));
    byte[] auth = SkProtection.protect(authHeader, inner, keys.cipherForSender(true, random));

    Path pcap = dir.resolve("ours.pcap");
    writePcap(pcap, List.of(IkeMessageCodec.encode(init), auth));
    String uat = WiresharkKeyLog.ikev2DecryptionTableLine(spiI, spiR, keys);
    List<String> lines =
        tshark(
            "-r",
            pcap.toString(),
            "-o",
            "uat:ikev2_decryption_table:" + uat,
            "-T",
            "fields",
            "-E",
            "separator=|",
            "-e",
            "isakmp.nextpayload",
            "-e",
            "isakmp.notify.msgtype",
            "-e",
            "isakmp.id.data.ipv4_addr",
            "-e",
            "isakmp.auth.method",
            "-e",
            "isakmp.ts.end_port",
            "-e",
            "_ws.malformed",
            "-e",
            "_ws.expert.severity");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("16430").doesNotContain("_ws.malformed");
    String decrypted = lines.get(1);
    assertThat(decrypted.split("\\|", -1)[2]).isEqualTo("192.0.2.1");
    assertThat(decrypted.split("\\|", -1)[3]).isEqualTo("2");
    assertThat(decrypted.split("\\|", -1)[1]).isEqualTo("16391");
    assertThat(decrypted.split("\\|", -1)[4]).isEqualTo("179");
    assertThat(decrypted.split("\\|", -1)[5]).isEmpty();
  }

  private static List<String> tshark(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("tshark");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }

  /** A pcap of raw IPv4 packets (LINKTYPE_RAW) carrying the datagrams from 192.0.2.1:500. */
  private static void writePcap(Path file, List<byte[]> datagrams) throws IOException {
    int size = 24;
    for (byte[] d : datagrams) {
      size += 16 + 28 + d.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0);
    out.putInt(65535).putInt(101);
    int seconds = 1_790_000_000;
    for (byte[] d : datagrams) {
      int length = 28 + d.length;
      out.order(ByteOrder.LITTLE_ENDIAN).putInt(seconds++).putInt(0).putInt(length).putInt(length);
      ByteBuffer ip = ByteBuffer.allocate(20);
      ip.put((byte) 0x45).put((byte) 0).putShort((short) length).putInt(0);
      ip.put((byte) 64).put((byte) 17).putShort((short) 0);
      ip.put(new byte[] {(byte) 192, 0, 2, 1}).put(new byte[] {(byte) 192, 0, 2, 2});
      byte[] header = ip.array();
      int sum = 0;
      for (int i = 0; i < 20; i += 2) {
        sum += (header[i] & 0xFF) << 8 | header[i + 1] & 0xFF;
      }
      sum = (sum & 0xFFFF) + (sum >>> 16);
      int checksum = ~sum & 0xFFFF;
      header[10] = (byte) (checksum >>> 8);
      header[11] = (byte) checksum;
      out.order(ByteOrder.BIG_ENDIAN).put(header);
      out.putShort((short) 500)
          .putShort((short) 500)
          .putShort((short) (8 + d.length))
          .putShort((short) 0);
      out.put(d);
    }
    Files.write(file, out.array());
  }
}
