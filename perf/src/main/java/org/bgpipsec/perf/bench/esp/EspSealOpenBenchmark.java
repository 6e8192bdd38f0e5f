package org.bgpipsec.perf.bench.esp;

import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.InboundResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * ESP seal and open (the whole inbound path: SPI lookup, anti-replay, ICV, window, selectors) per
 * algorithm and payload size, next to the bare primitive on the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EspSealOpenBenchmark {
  @Param({
    "NULL_HMAC_SHA256_128",
    "AES_GMAC_128",
    "AES_GMAC_256",
    "AES_GCM_16_128",
    "AES_GCM_16_256"
  })
  public String algorithm;

  @Param({"64", "576", "1500"})
  public int size;

  private EspFixture fixture;
  private EspFixture.BarePrimitive bare;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    fixture = new EspFixture(EspAlgorithm.valueOf(algorithm), size);
    bare = new EspFixture.BarePrimitive(fixture.algorithm, fixture.key, fixture.ring);
    if (!(fixture.openNext() instanceof InboundResult.Accepted)) {
      throw new IllegalStateException("fixture packets do not open");
    }
  }

  @Benchmark
  public byte[] seal() {
    return fixture.seal();
  }

  @Benchmark
  public InboundResult open() {
    return fixture.openNext();
  }

  @Benchmark
  public int barePrimitive() throws Exception {
    return bare.run();
  }
}
