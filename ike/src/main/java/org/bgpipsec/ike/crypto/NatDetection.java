package org.bgpipsec.ike.crypto;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The NAT_DETECTION_SOURCE_IP and NAT_DETECTION_DESTINATION_IP notification data (RFC 7296 section
 * 2.23):
 *
 * <pre>
 * SHA-1(SPIi | SPIr | IP address | port)
 * </pre>
 *
 * In the first IKE_SA_INIT request SPIr is zero.
 */
public final class NatDetection {
  private NatDetection() {}

  /** The 20-octet hash for the given SPIs and address. */
  public static byte[] hash(long spiI, long spiR, InetSocketAddress address) {
    byte[] ip = address.getAddress().getAddress();
    ByteBuffer in = ByteBuffer.allocate(16 + ip.length + 2);
    in.putLong(spiI).putLong(spiR).put(ip).putShort((short) address.getPort());
    try {
      return MessageDigest.getInstance("SHA-1").digest(in.array());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 unavailable", e);
    }
  }
}
