package org.bgpipsec.ipsec.tcp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * One direction of a bulk transfer over a {@link TcpConnection}: the sender writes {@code total}
 * seeded pseudo-random bytes as fast as the send buffer takes them and then closes; the receiver
 * hashes what it reads and closes when the peer's FIN arrives. Both sides keep a SHA-256.
 */
public final class BulkTransfer {
  private final long total;
  private final long seed;

  /** The sending side. */
  public final Sender sender = new Sender();

  /** The receiving side. */
  public final Receiver receiver = new Receiver();

  public BulkTransfer(long total, long seed) {
    this.total = total;
    this.seed = seed;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes the stream, then closes. */
  public final class Sender implements TcpConnectionHandler {
    private final SplittableRandom random = new SplittableRandom(seed);
    private final MessageDigest digest = sha256();
    private final byte[] chunk = new byte[64 * 1024];
    private int chunkOff = chunk.length;
    private long written;
    public TcpCloseReason closed;

    @Override
    public void onEstablished(TcpConnection c) {
      pump(c);
    }

    @Override
    public void onWritable(TcpConnection c) {
      pump(c);
    }

    @Override
    public void onPeerClosed(TcpConnection c) {
      c.close();
    }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason) {
      closed = reason;
    }

    private void pump(TcpConnection c) {
      while (written < total && c.writableBytes() > 0) {
        if (chunkOff == chunk.length) {
          random.nextBytes(chunk);
          chunkOff = 0;
        }
        int n =
            (int) Math.min(Math.min(chunk.length - chunkOff, total - written), c.writableBytes());
        int accepted = c.write(chunk, chunkOff, n);
        digest.update(chunk, chunkOff, accepted);
        chunkOff += accepted;
        written += accepted;
      }
      if (written == total && c.state() == TcpState.ESTABLISHED) {
        c.close();
      }
    }

    public long written() {
      return written;
    }

    public String sha256Hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  /** Reads and hashes; closes after the peer's FIN. */
  public final class Receiver implements TcpConnectionHandler {
    private final MessageDigest digest = sha256();
    private final byte[] buf = new byte[64 * 1024];
    private long read;
    public boolean peerClosed;
    public TcpCloseReason closed;

    @Override
    public void onReadable(TcpConnection c) {
      int n;
      while ((n = c.read(buf, 0, buf.length)) > 0) {
        digest.update(buf, 0, n);
        read += n;
      }
    }

    @Override
    public void onPeerClosed(TcpConnection c) {
      peerClosed = true;
      c.close();
    }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason) {
      closed = reason;
    }

    public long read() {
      return read;
    }

    public String sha256Hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }
}
