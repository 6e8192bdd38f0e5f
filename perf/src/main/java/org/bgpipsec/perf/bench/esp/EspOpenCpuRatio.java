package org.bgpipsec.perf.bench.esp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.sa.InboundResult;

/**
 * Open against the bare primitive on a shared machine: {@link EspSealOpenBenchmark}'s two
 * measurements, interleaved in short chunks and timed in <em>thread CPU time</em>, so that time the
 * thread spends descheduled (other developers' builds) is not counted and load that changes from
 * one second to the next hits both sides of each round alike. The ratio of each round is bare/open
 * time; the median over the rounds is reported, with the quartiles.
 *
 * <p>Complements JMH (wall-clock time, one benchmark after the other), it does not replace it: a
 * busy sibling core still slows both sides through shared caches. Usage: {@code java -cp ...
 * org.bgpipsec.perf.bench.esp.EspOpenCpuRatio [size [rounds [chunk]]] [ALGORITHM...]}.
 */
public final class EspOpenCpuRatio {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static long sink;

  private EspOpenCpuRatio() {}

  public static void main(String[] args) throws Exception {
    int size = 1500;
    int rounds = 60;
    int chunk = 20_000;
    int numbers = 0;
    List<EspAlgorithm> algorithms = new ArrayList<>();
    for (String a : args) {
      if (a.chars().allMatch(Character::isDigit)) {
        switch (numbers++) {
          case 0 -> size = Integer.parseInt(a);
          case 1 -> rounds = Integer.parseInt(a);
          default -> chunk = Integer.parseInt(a);
        }
      } else {
        algorithms.add(EspAlgorithm.valueOf(a));
      }
    }
    if (algorithms.isEmpty()) {
      algorithms.addAll(Arrays.asList(EspAlgorithm.values()));
    }
    System.out.printf(
        "%-22s %6s %12s %12s %14s %s%n",
        "algorithm", "bytes", "open ns/op", "bare ns/op", "open/bare", "(quartiles)");
    for (EspAlgorithm algorithm : algorithms) {
      run(algorithm, size, rounds, chunk);
    }
  }

  private static void run(EspAlgorithm algorithm, int size, int rounds, int chunk)
      throws Exception {
    EspFixture fixture = new EspFixture(algorithm, size);
    EspFixture.BarePrimitive bare =
        new EspFixture.BarePrimitive(algorithm, fixture.key, fixture.ring);
    if (!(fixture.openNext() instanceof InboundResult.Accepted)) {
      throw new IllegalStateException("fixture packets do not open");
    }
    // Warm-up: both paths compiled by C2 before anything is timed.
    for (int i = 0; i < 10; i++) {
      open(fixture, chunk);
      bare(bare, chunk);
    }
    double[] ratio = new double[rounds];
    double[] openNs = new double[rounds];
    double[] bareNs = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      // Alternate which side goes first, so neither always runs right after the other.
      if ((r & 1) == 0) {
        openNs[r] = open(fixture, chunk);
        bareNs[r] = bare(bare, chunk);
      } else {
        bareNs[r] = bare(bare, chunk);
        openNs[r] = open(fixture, chunk);
      }
      ratio[r] = bareNs[r] / openNs[r];
    }
    Arrays.sort(ratio);
    Arrays.sort(openNs);
    Arrays.sort(bareNs);
    System.out.printf(
        Locale.ROOT,
        "%-22s %6d %12.0f %12.0f %13.1f%% (%.1f-%.1f%%)%n",
        algorithm,
        size,
        openNs[rounds / 2] / chunk,
        bareNs[rounds / 2] / chunk,
        100 * ratio[rounds / 2],
        100 * ratio[rounds / 4],
        100 * ratio[3 * rounds / 4]);
    if (sink == 42) {
      System.out.println();
    }
  }

  private static double open(EspFixture fixture, int n) {
    long start = THREADS.getCurrentThreadCpuTime();
    long acc = 0;
    for (int i = 0; i < n; i++) {
      if (fixture.openNext() instanceof InboundResult.Accepted a) {
        acc += a.length();
      }
    }
    long ns = THREADS.getCurrentThreadCpuTime() - start;
    sink += acc;
    return ns;
  }

  private static double bare(EspFixture.BarePrimitive bare, int n) throws Exception {
    long start = THREADS.getCurrentThreadCpuTime();
    long acc = 0;
    for (int i = 0; i < n; i++) {
      acc += bare.run();
    }
    long ns = THREADS.getCurrentThreadCpuTime() - start;
    sink += acc;
    return ns;
  }
}
