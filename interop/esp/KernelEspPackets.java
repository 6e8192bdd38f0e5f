import java.util.HexFormat;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.esp.EspCodec;
import org.bgpipsec.ipsec.esp.EspTransform;

/**
 * Prints ESP packets sealed by our ESP engine, one hex string per line, for kernel-esp.sh: COUNT
 * genuine packets (sequence FIRST .. FIRST + COUNT - 1) and then one forged packet (the next
 * sequence number, last ICV byte changed). The payload is a UDP datagram 192.0.2.1:40000 ->
 * 192.0.2.2:9 (checksum zero).
 *
 * <p>Usage: java -cp ipsec-transport/target/classes KernelEspPackets.java ALG KEYHEX SPI COUNT
 * [FIRST [esn]]
 */
public final class KernelEspPackets {
  public static void main(String[] args) {
    EspAlgorithm algorithm = EspAlgorithm.byCliName(args[0]).orElseThrow();
    byte[] key = HexFormat.of().parseHex(args[1]);
    int spi = (int) Long.parseLong(args[2].replace("0x", ""), 16);
    int count = Integer.parseInt(args[3]);
    long first = args.length > 4 ? Long.decode(args[4]) : 1;
    boolean esn = args.length > 5 && args[5].equals("esn");
    EspTransform transform = EspTransform.create(algorithm, key);
    for (long seq = first; seq <= first + count; seq++) {
      byte[] udp = new byte[8 + 16];
      udp[0] = (byte) (40000 >> 8);
      udp[1] = (byte) 40000;
      udp[3] = 9;
      udp[5] = (byte) udp.length;
      for (int i = 8; i < udp.length; i++) {
        udp[i] = (byte) ('a' + i);
      }
      byte[] esp = EspCodec.seal(transform, spi, seq, esn, 17, udp, 0, udp.length);
      if (seq == first + count) {
        esp[esp.length - 1] ^= 1;
      }
      System.out.println(HexFormat.of().formatHex(esp));
    }
  }
}
