package org.bgpipsec.perf.bench.ike;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bgpipsec.ike.crypto.ChildSaKeys;
import org.bgpipsec.ike.crypto.DhGroup;
import org.bgpipsec.ike.crypto.EncryptionAlgorithm;
import org.bgpipsec.ike.crypto.IkeSaKeys;
import org.bgpipsec.ike.crypto.IkeSaSuite;
import org.bgpipsec.ike.crypto.IntegrityAlgorithm;
import org.bgpipsec.ike.crypto.KeyMaterial;
import org.bgpipsec.ike.crypto.PrfAlgorithm;
import org.bgpipsec.ike.crypto.SkCipher;
import org.bgpipsec.ike.message.ExchangeType;
import org.bgpipsec.ike.message.IkeHeader;
import org.bgpipsec.ike.message.NotifyPayload;
import org.bgpipsec.ike.message.NotifyType;
import org.bgpipsec.ike.message.Octets;
import org.bgpipsec.ike.message.Payload;
import org.bgpipsec.ike.message.SkProtection;
import org.bgpipsec.ike.message.UnprotectResult;
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
 * The symmetric work of an IKE SA: SKEYSEED and prf+ for the seven keys, Child SA KEYMAT, and SK
 * protection of a small IKE_AUTH-sized message, per PRF / cipher.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class KeyDerivationBenchmark {
  @Param({"PRF_HMAC_SHA2_256", "PRF_HMAC_SHA2_512"})
  public PrfAlgorithm prf;

  @Param({"ENCR_AES_GCM_16_128", "ENCR_AES_CBC_128"})
  public EncryptionAlgorithm encryption;

  private IkeSaSuite suite;
  private KeyMaterial sharedSecret;
  private final byte[] ni = new byte[32];
  private final byte[] nr = new byte[32];
  private IkeSaKeys keys;
  private SkCipher sender;
  private SkCipher receiver;
  private IkeHeader header;
  private List<Payload> payloads;
  private byte[] protectedMessage;

  /** Keys and a 400-octet message. */
  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    random.nextBytes(ni);
    random.nextBytes(nr);
    byte[] gir = new byte[32];
    random.nextBytes(gir);
    sharedSecret = KeyMaterial.copyOf(gir);
    IntegrityAlgorithm integrity =
        encryption.isAead() ? null : IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128;
    suite = new IkeSaSuite(encryption, integrity, prf, DhGroup.CURVE25519);
    keys = IkeSaKeys.derive(suite, sharedSecret, ni, nr, 1, 2);
    sender = keys.cipherForSender(true, random);
    receiver = keys.cipherForSender(true, random);
    header = IkeHeader.v2(1, 2, ExchangeType.IKE_AUTH, true, false, 1);
    payloads = List.of(NotifyPayload.of(NotifyType.INITIAL_CONTACT, Octets.of(new byte[400])));
    protectedMessage = SkProtection.protect(header, payloads, sender);
  }

  /** SKEYSEED and the seven IKE SA keys (RFC 7296 2.14). */
  @Benchmark
  public IkeSaKeys ikeSaKeys() {
    return IkeSaKeys.derive(suite, sharedSecret, ni, nr, 1, 2);
  }

  /** KEYMAT for an ESP AES-GCM-128 Child SA pair without PFS (RFC 7296 2.17). */
  @Benchmark
  public ChildSaKeys childSaKeys() {
    return ChildSaKeys.derive(prf, keys.skD(), null, ni, nr, 20, 0);
  }

  /** Encode and protect a 400-octet payload. */
  @Benchmark
  public byte[] protect() {
    return SkProtection.protect(header, payloads, sender);
  }

  /** Verify, decrypt and decode it. */
  @Benchmark
  public UnprotectResult unprotect() {
    return SkProtection.unprotect(protectedMessage, receiver);
  }
}
