package org.bgpipsec.perf.bench.bgp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.bgp.rib.AdjRibIn;
import org.bgpipsec.bgp.rib.AttributeInterner;
import org.bgpipsec.bgp.rib.ImportPolicy;
import org.bgpipsec.bgp.rib.LocRib;
import org.bgpipsec.bgp.rib.RouteSource;
import org.bgpipsec.bgp.wire.BgpDecodeException;
import org.bgpipsec.bgp.wire.BgpFrameReader;
import org.bgpipsec.bgp.wire.BgpMessageCodec;
import org.bgpipsec.bgp.wire.CodecContext;
import org.bgpipsec.bgp.wire.Update;
import org.bgpipsec.bgp.wire.UpdateErrorPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receive path of one prefix, warm: framing, UPDATE decoding, the RFC 7606 judgement, the
 * Adj-RIB-In and the Loc-RIB decision, over 100,000 prefixes in 4096-octet UPDATEs (the same stream
 * {@link BgpReceiveComparison} sends). Reported per prefix.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class UpdateReceiveBenchmark {
  private static final int PREFIXES = 100_000;
  private final List<ByteBuf> frames = new ArrayList<>();
  private final UpdateErrorPolicy policy = new UpdateErrorPolicy(true, 65001, CodecContext.MODERN);
  private LocRib locRib;
  private AdjRibIn adjRibIn;

  @Setup(Level.Trial)
  public void encode() throws BgpDecodeException {
    Inet4Address nextHop = (Inet4Address) InetAddress.ofLiteral("203.0.113.1");
    ByteBuf stream =
        Unpooled.wrappedBuffer(new UpdateGenerator(65001, 1, nextHop, PREFIXES).stream());
    ByteBuf frame;
    while ((frame = BgpFrameReader.readFrame(stream, CodecContext.MAX_MESSAGE_LENGTH)) != null) {
      frames.add(frame);
    }
  }

  @Setup(Level.Invocation)
  public void freshRib() {
    RouteSource self = RouteSource.local(InetAddress.ofLiteral("203.0.113.2"), 65002, 2);
    locRib = new LocRib(self);
    adjRibIn =
        new AdjRibIn(
            RouteSource.peer(InetAddress.ofLiteral("203.0.113.1"), 65001, 1, true),
            new AttributeInterner(),
            65002,
            0);
    locRib.addPeer(adjRibIn, ImportPolicy.ACCEPT_ALL);
  }

  @Benchmark
  @OperationsPerInvocation(PREFIXES)
  public int receive() throws BgpDecodeException {
    int changes = 0;
    for (ByteBuf f : frames) {
      Update u = (Update) BgpMessageCodec.decode(f, CodecContext.MODERN);
      changes += locRib.apply(adjRibIn, adjRibIn.apply(policy.judge(u))).size();
    }
    return changes;
  }
}
