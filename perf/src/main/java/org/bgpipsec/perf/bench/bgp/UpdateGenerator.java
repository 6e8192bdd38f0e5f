package org.bgpipsec.perf.bench.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.Capability;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.Ipv4Prefix;
import org.bgpipsec.bgp.wire.Keepalive;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.PrefixCodec;
import org.bgpipsec.bgp.wire.Update;

/**
 * A minimal BGP sender for load: opens a session (hold time 0, so no keepalives are due), then
 * writes pre-encoded UPDATEs carrying {@code count} IPv4 /24 prefixes with some hundreds of
 * distinct AS paths, 4096-octet messages, and the End-of-RIB marker.
 */
public final class UpdateGenerator {
  /** How often {@link #feed} asks the receiver whether it holds every route. */
  public static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long localAs;
  private final int bgpIdentifier;
  private final Inet4Address nextHop;
  private final byte[] stream;
  private final int updates;

  public UpdateGenerator(long localAs, int bgpIdentifier, Inet4Address nextHop, int count) {
    this.localAs = localAs;
    this.bgpIdentifier = bgpIdentifier;
    this.nextHop = nextHop;
    ByteBuf out = Unpooled.buffer(count * 5);
    int written = 0;
    int messages = 0;
    CodecContext codec = CodecContext.MODERN;
    int perPath = 2000;
    while (written < count) {
      List<PathAttribute> attributes =
          List.of(
              PathAttribute.Origin.IGP,
              new PathAttribute.AsPath(
                  List.of(
                      AsPathSegment.sequence(
                          localAs, 4200000000L + (written / perPath) % 500, 13335))),
              new PathAttribute.NextHop(nextHop),
              new PathAttribute.MultiExitDisc(written / perPath));
      int room = CodecContext.MAX_MESSAGE_LENGTH - BgpMessageCodec.HEADER_LENGTH - 4 - 60;
      List<Prefix> nlri = new ArrayList<>();
      int used = 0;
      int limit = Math.min(count, (written / perPath + 1) * perPath);
      while (written < limit) {
        Prefix p = new Ipv4Prefix(0x01000000 + (written << 8), 24);
        if (used + PrefixCodec.encodedLength(p) > room) {
          break;
        }
        used += PrefixCodec.encodedLength(p);
        nlri.add(p);
        written++;
      }
      BgpMessageCodec.encode(new Update(List.of(), attributes, nlri), codec, out);
      messages++;
    }
    BgpMessageCodec.encode(Update.END_OF_RIB_IPV4, codec, out);
    this.stream = ByteBufUtil.getBytes(out);
    this.updates = messages;
    out.release();
  }

  /** The encoded UPDATEs and the End-of-RIB marker, as sent after the OPEN exchange. */
  public byte[] stream() {
    return stream.clone();
  }

  /** UPDATE messages in the stream (End-of-RIB not counted). */
  public int updates() {
    return updates;
  }

  /**
   * Connects, brings the session up, sends every UPDATE and then polls the receiver every {@link
   * #POLL_NANOS} until it holds {@code expected} routes.
   *
   * @param routes asks the receiver how many routes it has installed
   * @return nanoseconds from the first UPDATE octet written until a poll saw {@code expected}
   */
  public long feed(InetSocketAddress target, LongSupplier routes, long expected)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.connect(target, 10_000);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      Open open =
          Open.of(
              localAs,
              0,
              bgpIdentifier,
              List.of(
                  Capability.Multiprotocol.of(AddressFamily.IPV4_UNICAST),
                  new Capability.FourOctetAs(localAs)));
      out.write(BgpMessageCodec.encode(open, CodecContext.INITIAL));
      readMessage(in); // the peer's OPEN
      out.write(BgpMessageCodec.encode(Keepalive.INSTANCE, CodecContext.INITIAL));
      readMessage(in); // its KEEPALIVE: Established
      Thread drain =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      while (true) {
                        readMessage(in);
                      }
                    } catch (IOException e) {
                      // the connection closed
                    }
                  });
      // Polling starts once the stream is in the socket's send buffer (the receiver still has
      // that buffer and its own receive buffer to read), so polls do not disturb the transfer.
      long start = System.nanoTime();
      out.write(stream);
      out.flush();
      while (routes.getAsLong() < expected) {
        LockSupport.parkNanos(POLL_NANOS);
      }
      long elapsed = System.nanoTime() - start;
      drain.interrupt();
      return elapsed;
    }
  }

  private static void readMessage(DataInputStream in) throws IOException {
    byte[] header = new byte[BgpMessageCodec.HEADER_LENGTH];
    in.readFully(header);
    int length = (header[16] & 0xff) << 8 | (header[17] & 0xff);
    in.readFully(new byte[length - BgpMessageCodec.HEADER_LENGTH]);
  }
}
