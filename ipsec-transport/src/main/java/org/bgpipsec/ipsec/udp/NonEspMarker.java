package org.bgpipsec.ipsec.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;

/**
 * RFC 3948 demultiplexing of the NAT-traversal port:
 *
 * <pre>
 * UDP-encapsulated ESP (2.1)          IKE (2.2)                     NAT-keepalive (2.3)
 * +-----------------------------+     +--------------------------+  +-----------------+
 * | UDP header (8)              |     | UDP header (8)           |  | UDP header (8)  |
 * +-----------------------------+     +--------------------------+  +--------+--------+
 * | SPI (non-zero)              |     | Non-ESP marker: 0x000000 |  |  0xFF  |
 * +-----------------------------+     +--------------------------+  +--------+
 * | Sequence number, ...        |     | IKE header, ...          |
 * </pre>
 *
 * <p>A pure function of the UDP payload.
 */
public final class NonEspMarker {
  /** Length of the non-ESP marker. */
  public static final int LENGTH = 4;

  /** The one-byte NAT-keepalive payload (RFC 3948 2.3). */
  public static final byte KEEPALIVE = (byte) 0xFF;

  private NonEspMarker() {}

  /** Classifies a UDP payload received on the NAT-traversal port. */
  public static UdpPayload classify(byte[] data) {
    if (data.length == 1 && data[0] == KEEPALIVE) {
      return new UdpPayload.NatKeepalive();
    }
    if (data.length >= LENGTH && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 0) {
      // RFC 3948 2.2: an SPI of zero is the non-ESP marker.
      return new UdpPayload.Ike(Arrays.copyOfRange(data, LENGTH, data.length));
    }
    if (data.length >= 8) {
      return new UdpPayload.Esp(data);
    }
    return new UdpPayload.Malformed(data);
  }

  /**
   * {@link #classify(byte[])} of the readable bytes of {@code data} (not consumed), copying them
   * once: without the marker for IKE.
   */
  public static UdpPayload classify(ByteBuf data) {
    int at = data.readerIndex();
    int length = data.readableBytes();
    if (length == 1 && data.getByte(at) == KEEPALIVE) {
      return new UdpPayload.NatKeepalive();
    }
    if (length >= LENGTH && data.getInt(at) == 0) {
      // RFC 3948 2.2: an SPI of zero is the non-ESP marker.
      return new UdpPayload.Ike(ByteBufUtil.getBytes(data, at + LENGTH, length - LENGTH));
    }
    byte[] bytes = ByteBufUtil.getBytes(data, at, length);
    return length >= 8 ? new UdpPayload.Esp(bytes) : new UdpPayload.Malformed(bytes);
  }

  /** Prepends the non-ESP marker to an IKE message sent on the NAT-traversal port. */
  public static byte[] prepend(byte[] ikeMessage) {
    byte[] out = new byte[LENGTH + ikeMessage.length];
    System.arraycopy(ikeMessage, 0, out, LENGTH, ikeMessage.length);
    return out;
  }
}
