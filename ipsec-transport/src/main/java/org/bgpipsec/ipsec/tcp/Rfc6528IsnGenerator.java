package org.bgpipsec.ipsec.tcp;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.function.LongSupplier;

/**
 * RFC 6528 section 3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where M is
 * a timer ticking every 4 microseconds and F is a hash (SHA-256 here, truncated to 32 bits) over
 * the four-tuple and a secret chosen at random when the stack starts.
 */
public final class Rfc6528IsnGenerator implements IsnGenerator {
  private final byte[] secret = new byte[32];
  private final LongSupplier nanoTime;

  public Rfc6528IsnGenerator(SecureRandom random, LongSupplier nanoTime) {
    random.nextBytes(secret);
    this.nanoTime = nanoTime;
  }

  @Override
  public int initialSequenceNumber(TcpConnectionId id) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
    sha.update(id.localAddress().getAddress());
    sha.update(
        ByteBuffer.allocate(4)
            .putShort((short) id.localPort())
            .putShort((short) id.remotePort())
            .array());
    sha.update(id.remoteAddress().getAddress());
    sha.update(secret);
    int f = ByteBuffer.wrap(sha.digest()).getInt();
    int m = (int) (nanoTime.getAsLong() / 4_000L);
    return m + f;
  }
}
