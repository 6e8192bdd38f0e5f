package org.bgpipsec.perf.bench.tcp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-connection throughput: our TCP between two stacks over UDP on loopback, against the
 * kernel's TCP over loopback, in the same run. Each operation moves {@link #BYTES} one way and
 * waits for the receiver; MB/s = 16 / (seconds per operation).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TcpThroughputBenchmark {
  /** Bytes per operation. */
  public static final long BYTES = 16L << 20;

  /** Our stack. */
  @State(Scope.Benchmark)
  public static class UserSpace {
    UserSpaceTcpPair pair;

    @Setup(Level.Trial)
    public void open() throws Exception {
      pair = new UserSpaceTcpPair();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      pair.close();
    }
  }

  /** The kernel's. */
  @State(Scope.Benchmark)
  public static class Kernel {
    KernelTcpPair pair;

    @Setup(Level.Trial)
    public void open() throws Exception {
      pair = new KernelTcpPair();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      pair.close();
    }
  }

  @Benchmark
  public void userSpaceTcpOverUdpLoopback(UserSpace s) throws Exception {
    s.pair.transfer(BYTES);
  }

  @Benchmark
  public void kernelTcpLoopback(Kernel s) throws Exception {
    s.pair.transfer(BYTES);
  }
}
