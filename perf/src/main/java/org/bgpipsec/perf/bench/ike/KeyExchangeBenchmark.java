package org.bgpipsec.perf.bench.ike;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.InvalidPublicValueException;
import org.bgpipsec.ike.crypto.KeyExchange;
import org.bgpipsec.ike.crypto.KeyExchangeProvider;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One side's key exchange work in IKE_SA_INIT, per group and provider: generate a key pair, check
 * the peer's public value and compute g^ir. This decides {@link
 * KeyExchangeProvider#preferred(DhGroup)}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class KeyExchangeBenchmark {
  @Param({"MODP_2048", "ECP_256", "ECP_384", "CURVE25519"})
  public DhGroup group;

  /** ACCP serves ECP only: its MODP_2048 and CURVE25519 combinations fail in setUp. */
  @Param({"JDK", "BOUNCY_CASTLE", "ACCP"})
  public KeyExchangeProvider provider;

  private final SecureRandom random = new SecureRandom();
  private byte[] peerPublicValue;

  /** A peer public value from the other provider, fixed for the run. */
  @Setup
  public void setUp() {
    if (!provider.supports(group)) {
      throw new IllegalStateException(provider + " does not serve " + group + " in this JVM");
    }
    peerPublicValue = provider.generate(group, random).publicValue();
  }

  /** Key pair generation plus agreement. */
  @Benchmark
  public KeyMaterial generateAndAgree() throws InvalidPublicValueException {
    KeyExchange exchange = provider.generate(group, random);
    KeyMaterial secret = exchange.agree(peerPublicValue);
    exchange.destroy();
    return secret;
  }
}
