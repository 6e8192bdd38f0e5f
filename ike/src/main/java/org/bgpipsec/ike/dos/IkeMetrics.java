package org.bgpipsec.ike.dos;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bgpipsec.ike.auth.CertificateError;

/**
 * Micrometer metrics of the IKE daemon: gauges {@code bgpipsec.ike.sas{state=established}} and
 * {@code {state=half-open}}, counters {@code bgpipsec.ike.failures{reason}}, {@code
 * bgpipsec.ike.cookies.sent}, {@code bgpipsec.ike.established.total}, {@code
 * bgpipsec.ike.certificates.refused{error}} (why a peer's certificate was refused), and the RFC
 * 8019 puzzle counters {@code bgpipsec.ike.puzzles.sent} and {@code bgpipsec.ike.puzzles.solved}
 * (solutions a responder accepted).
 */
public final class IkeMetrics {
  private final AtomicInteger established = new AtomicInteger();
  private final AtomicInteger halfOpen = new AtomicInteger();
  private final Map<FailureReason, Counter> failures = new EnumMap<>(FailureReason.class);
  private final Map<CertificateError, Counter> certificatesRefused =
      new EnumMap<>(CertificateError.class);
  private final Counter cookiesSent;
  private final Counter establishedTotal;
  private final Counter puzzlesSent;
  private final Counter puzzlesSolved;

  public IkeMetrics(MeterRegistry registry) {
    Gauge.builder("bgpipsec.ike.sas", established, AtomicInteger::get)
        .tag("state", "established")
        .register(registry);
    Gauge.builder("bgpipsec.ike.sas", halfOpen, AtomicInteger::get)
        .tag("state", "half-open")
        .register(registry);
    for (FailureReason r : FailureReason.values()) {
      failures.put(
          r, Counter.builder("bgpipsec.ike.failures").tag("reason", r.name()).register(registry));
    }
    for (CertificateError e : CertificateError.values()) {
      certificatesRefused.put(
          e,
          Counter.builder("bgpipsec.ike.certificates.refused")
              .tag("error", e.name())
              .register(registry));
    }
    cookiesSent = Counter.builder("bgpipsec.ike.cookies.sent").register(registry);
    establishedTotal = Counter.builder("bgpipsec.ike.established.total").register(registry);
    puzzlesSent = Counter.builder("bgpipsec.ike.puzzles.sent").register(registry);
    puzzlesSolved = Counter.builder("bgpipsec.ike.puzzles.solved").register(registry);
  }

  /** An IKE SA became established. */
  public void established() {
    established.incrementAndGet();
    establishedTotal.increment();
  }

  /** An established IKE SA ended. */
  public void establishedClosed() {
    established.decrementAndGet();
  }

  /** A responder half-open IKE SA was created. */
  public void halfOpened() {
    halfOpen.incrementAndGet();
  }

  /** A half-open IKE SA completed or died. */
  public void halfOpenClosed() {
    halfOpen.decrementAndGet();
  }

  /** Responder IKE SAs between IKE_SA_INIT and IKE_AUTH. */
  public int halfOpen() {
    return halfOpen.get();
  }

  /** Established IKE SAs. */
  public int establishedCount() {
    return established.get();
  }

  /** Counts a failure. */
  public void failed(FailureReason reason) {
    failures.get(reason).increment();
  }

  /** Failures counted for {@code reason}. */
  public long failures(FailureReason reason) {
    return (long) failures.get(reason).count();
  }

  /** Counts a refused peer certificate (besides its {@link FailureReason#CERTIFICATE_REFUSED}). */
  public void certificateRefused(CertificateError error) {
    certificatesRefused.get(error).increment();
  }

  /** Peer certificates refused for {@code error}. */
  public long certificatesRefused(CertificateError error) {
    return (long) certificatesRefused.get(error).count();
  }

  /** Counts a COOKIE answer. */
  public void cookieSent() {
    cookiesSent.increment();
  }

  /** COOKIE answers sent. */
  public long cookiesSent() {
    return (long) cookiesSent.count();
  }

  /** Counts a COOKIE answer that carried a PUZZLE (RFC 8019 7.1.1.1). */
  public void puzzleSent() {
    puzzlesSent.increment();
  }

  /** COOKIE answers that carried a PUZZLE. */
  public long puzzlesSent() {
    return (long) puzzlesSent.count();
  }

  /** Counts a puzzle solution this responder checked and accepted. */
  public void puzzleSolved() {
    puzzlesSolved.increment();
  }

  /** Puzzle solutions accepted. */
  public long puzzlesSolved() {
    return (long) puzzlesSolved.count();
  }
}
