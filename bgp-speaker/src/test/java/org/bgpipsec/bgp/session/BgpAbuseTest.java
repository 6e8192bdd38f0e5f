package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.fsm.SessionConfig;
import org.bgpipsec.bgp.rib.ExportPolicy;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.wire.AddressFamily;
import org.bgpipsec.bgp.wire.AsPathSegment;
import org.bgpipsec.bgp.wire.BgpMessage;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.Capability;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.ErrorSubcode;
import org.bgpipsec.bgp.wire.Keepalive;
import org.bgpipsec.bgp.wire.Notification;
import org.bgpipsec.bgp.wire.Open;
import org.bgpipsec.bgp.wire.PathAttribute;
import org.bgpipsec.bgp.wire.Prefix;
import org.bgpipsec.bgp.wire.Update;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bounded resources under abuse (issue 10), BGP side: a misbehaving peer (a raw socket that speaks
 * just enough BGP) floods a speaker with prefixes beyond its maximum, and sends a message longer
 * than the negotiated maximum. The heap (used heap after GC) is measured at the limit and after the
 * flood; the Adj-RIB-In never holds more than the limit.
 */
class BgpAbuseTest {
  static final Inet4Address LOOPBACK = (Inet4Address) InetAddress.ofLiteral("127.0.0.1");
  static final int MAX_PREFIXES = 2000;

  final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  BgpListener listener;
  BgpSpeaker speaker;

  @AfterEach
  void tearDown() {
    if (speaker != null) {
      speaker.stop("test over");
    }
    if (listener != null) {
      listener.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  void speaker(int maxPrefixes) throws Exception {
    listener = BgpListener.bind(group, new InetSocketAddress(LOOPBACK, 0));
    speaker = new BgpSpeaker(65002, 0x0a000002, LOOPBACK, group, Duration.ofHours(1));
    speaker.addPeer(
        new BgpSpeaker.PeerSettings(
            new SessionConfig(
                65002,
                0x0a000002,
                65001,
                90,
                Duration.ofSeconds(120),
                true,
                Set.of(AddressFamily.IPV4_UNICAST),
                true),
            new InetSocketAddress(LOOPBACK, 179),
            ImportPolicy.ACCEPT_ALL,
            ExportPolicy.ANNOUNCE_ALL,
            maxPrefixes,
            null,
            null),
        listener);
    speaker.start();
    for (int i = 0;
        i < 250 && !speaker.neighbors().join().getFirst().state().equals("Active");
        i++) {
      Thread.sleep(20);
    }
  }

  /** A peer on a plain socket: OPEN with {@code capabilities}, then whatever the test writes. */
  static final class RawPeer implements AutoCloseable {
    final Socket socket = new Socket();
    final OutputStream out;
    final DataInputStream in;
    final CodecContext codec;

    RawPeer(InetSocketAddress to, boolean extended) throws IOException {
      socket.connect(to, 5000);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = new DataInputStream(socket.getInputStream());
      List<Capability> caps = new ArrayList<>();
      caps.add(Capability.Multiprotocol.of(AddressFamily.IPV4_UNICAST));
      caps.add(new Capability.FourOctetAs(65001));
      if (extended) {
        caps.add(new Capability.ExtendedMessage());
      }
      codec = new CodecContext(true, extended);
      send(Open.of(65001, 90, 0x0a000001, caps), CodecContext.INITIAL);
      assertThat(read()).isInstanceOf(Open.class);
      send(Keepalive.INSTANCE, codec);
      assertThat(read()).isInstanceOf(Keepalive.class);
    }

    void send(BgpMessage m, CodecContext c) throws IOException {
      out.write(BgpMessageCodec.encode(m, c));
    }

    /** The next message from the speaker, skipping KEEPALIVEs and UPDATEs after the first. */
    BgpMessage read() throws IOException {
      byte[] header = new byte[BgpMessageCodec.HEADER_LENGTH];
      in.readFully(header);
      int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
      byte[] frame = new byte[length];
      System.arraycopy(header, 0, frame, 0, header.length);
      in.readFully(frame, header.length, length - header.length);
      try {
        return BgpMessageCodec.decode(
            Unpooled.wrappedBuffer(frame), codec == null ? CodecContext.MODERN : codec);
      } catch (org.bgpipsec.bgp.wire.BgpDecodeException e) {
        throw new AssertionError(e);
      }
    }

    /** Reads until a NOTIFICATION arrives. */
    Notification notification() throws IOException {
      while (true) {
        if (read() instanceof Notification n) {
          return n;
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  static Update announce(int from, int count) {
    List<Prefix> nlri = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      nlri.add(
          Prefix.parse(
              "10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff) + "/32"));
    }
    return new Update(
        List.of(),
        List.of(
            PathAttribute.Origin.IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001))),
            new PathAttribute.NextHop(LOOPBACK)),
        nlri);
  }

  static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  int received() {
    return speaker.neighbors().join().getFirst().received();
  }

  @Test
  void aFloodBeyondMaxPrefixIsCutOffAndTheHeapStaysAtTheLimit() throws Exception {
    speaker(MAX_PREFIXES);
    long before = usedHeapAfterGc();
    try (RawPeer peer = new RawPeer(listener.localAddress(), true)) {
      // Up to the limit: accepted and held.
      for (int i = 0; i < MAX_PREFIXES; i += 500) {
        peer.send(announce(i, 500), peer.codec);
      }
      for (int i = 0; i < 200 && received() < MAX_PREFIXES; i++) {
        Thread.sleep(20);
      }
      assertThat(received()).isEqualTo(MAX_PREFIXES);
      long atLimit = usedHeapAfterGc() - before;
      // Past it: up to 50 times as many prefixes, in UPDATEs of the extended maximum size.
      int sent = MAX_PREFIXES;
      try {
        while (sent < 50 * MAX_PREFIXES) {
          peer.send(announce(sent, 2000), peer.codec);
          sent += 2000;
        }
      } catch (IOException closedOnUs) {
        // the speaker closed the connection after its NOTIFICATION: the flood is cut off
      }
      Notification n = peer.notification();
      assertThat(n.error()).contains(ErrorSubcode.MAXIMUM_PREFIXES_REACHED);
      for (int i = 0; i < 200 && received() > 0; i++) {
        Thread.sleep(20);
      }
      assertThat(received()).isZero();
      long after = usedHeapAfterGc() - before;
      System.out.printf(
          "max-prefix abuse: heap growth %d KiB at the limit (%d routes), %d KiB after %d prefixes"
              + " were offered%n",
          atLimit / 1024, MAX_PREFIXES, after / 1024, sent);
      // 18 times the limit offered, not more heap than at the limit (generous, against GC noise;
      // what stays is mostly the allocator's pooled buffers, sized for the largest message).
      assertThat(after).isLessThan(atLimit + atLimit / 2 + 1024 * 1024);
    }
  }

  @Test
  void aMessageLongerThanNegotiatedIsRefusedBeforeItIsBuffered() throws Exception {
    speaker(0);
    try (RawPeer peer = new RawPeer(listener.localAddress(), false)) {
      // A header claiming 65,535 bytes without the extended message capability (RFC 8654 4):
      // Bad Message Length on the header alone (RFC 4271 6.1), nothing waits for the body.
      byte[] header = new byte[BgpMessageCodec.HEADER_LENGTH];
      java.util.Arrays.fill(header, 0, 16, (byte) 0xff);
      header[16] = (byte) 0xff;
      header[17] = (byte) 0xff;
      header[18] = 2;
      peer.out.write(header);
      Notification n = peer.notification();
      assertThat(n.error()).contains(ErrorSubcode.BAD_MESSAGE_LENGTH);
    }
  }
}
