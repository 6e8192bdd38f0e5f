package org.bgpipsec.perf.bench.esp;

import java.util.concurrent.TimeUnit;
import org.bgpipsec.ipsec.esp.DropReason;
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
 * What an attacker's packet costs at 1500 bytes: a replay (rejected by the window before any
 * cryptography) and a forgery with a fresh sequence number (rejected by the ICV), next to a full
 * successful open in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EspRejectBenchmark {
  @Param({"NULL_HMAC_SHA256_128", "AES_GMAC_128", "AES_GCM_16_128"})
  public String algorithm;

  @Param({"1500"})
  public int size;

  private EspFixture fixture;
  private byte[] replayed;
  private byte[] forged;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = new EspFixture(EspAlgorithm.valueOf(algorithm), size);
    replayed = fixture.ring[0];
    // A forgery numbered far ahead: it passes the window check and fails the ICV, every time.
    forged = fixture.ring[EspFixture.RING - 1].clone();
    forged[forged.length - 1] ^= 1;
    fixture.openNext();
    check(fixture.open(replayed), DropReason.REPLAYED);
    check(fixture.open(forged), DropReason.ICV_MISMATCH);
  }

  private static void check(InboundResult r, DropReason expected) {
    if (!(r instanceof InboundResult.Dropped(DropReason reason, int spi, var sa))
        || reason != expected) {
      throw new IllegalStateException("expected " + expected + ", got " + r);
    }
  }

  @Benchmark
  public InboundResult openGenuine() {
    return fixture.openNext();
  }

  @Benchmark
  public InboundResult rejectReplayed() {
    return fixture.open(replayed);
  }

  @Benchmark
  public InboundResult rejectForged() {
    return fixture.open(forged);
  }
}
