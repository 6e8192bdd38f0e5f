package org.bgpipsec.perf.load;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start our responder: its address, the suite it accepts, its designated peers (RFC 5406
 * section 9: it answers nobody else) and its defences. Also the argument list of {@link
 * ResponderProcess}, so that a separate JVM starts the same responder.
 *
 * @param address where it listens (ports are picked free)
 * @param suite the one suite it accepts
 * @param peers blocks of consecutive peer addresses
 * @param defences its DoS defences
 * @param credentials for a certificate suite the {@link PerfCredentials} directory, else null
 */
public record ResponderSpec(
    InetAddress address,
    SetupSuite suite,
    List<PeerBlock> peers,
    Defences defences,
    Path credentials) {
  private static final String CREDENTIALS = "--credentials=";

  /** A spec without certificates (PSK suites). */
  public ResponderSpec(
      InetAddress address, SetupSuite suite, List<PeerBlock> peers, Defences defences) {
    this(address, suite, peers, defences, null);
  }

  /** {@code count} consecutive addresses from {@code first}. */
  public record PeerBlock(InetAddress first, int count) {
    public PeerBlock {
      Objects.requireNonNull(first);
      if (count < 1) {
        throw new IllegalArgumentException("empty peer block");
      }
    }

    /** Every address of the block. */
    public List<InetAddress> addresses() {
      List<InetAddress> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        out.add(PeerPolicies.loopback(first, i));
      }
      return out;
    }
  }

  public ResponderSpec {
    Objects.requireNonNull(address);
    Objects.requireNonNull(suite);
    peers = List.copyOf(peers);
    Objects.requireNonNull(defences);
    if (suite.certificates() != (credentials != null)) {
      throw new IllegalArgumentException(
          "suite " + suite + ": credentials are needed exactly for certificate suites");
    }
  }

  /** The spec as command-line arguments (the inverse of {@link #fromArgs}). */
  public List<String> toArgs() {
    List<String> a = new ArrayList<>();
    a.add(address.getHostAddress());
    a.add(suite.name());
    Defences d = defences;
    a.add(
        String.join(
            ":",
            d.name(),
            Integer.toString(d.cookieThreshold()),
            Integer.toString(d.halfOpenLimit()),
            Integer.toString(d.perSourceLimit()),
            Boolean.toString(d.priorityQueue()),
            Integer.toString(d.workers()),
            Integer.toString(d.queueCapacity()),
            Integer.toString(d.puzzleThreshold()),
            Integer.toString(d.puzzleDifficulty()),
            Double.toString(d.globalRate()),
            Double.toString(d.perSourceRate())));
    for (PeerBlock b : peers) {
      a.add(b.first().getHostAddress() + "+" + b.count());
    }
    if (credentials != null) {
      a.add(CREDENTIALS + credentials);
    }
    return a;
  }

  /** Parses what {@link #toArgs} wrote. */
  public static ResponderSpec fromArgs(List<String> args) {
    if (args.size() < 3) {
      throw new IllegalArgumentException("responder spec: ADDRESS SUITE DEFENCES PEERS...");
    }
    String[] d = args.get(2).split(":");
    if (d.length != 11) {
      throw new IllegalArgumentException("responder spec: bad defences " + args.get(2));
    }
    Defences defences =
        new Defences(
            d[0],
            Integer.parseInt(d[1]),
            Integer.parseInt(d[2]),
            Integer.parseInt(d[3]),
            Boolean.parseBoolean(d[4]),
            Integer.parseInt(d[5]),
            Integer.parseInt(d[6]),
            Integer.parseInt(d[7]),
            Integer.parseInt(d[8]),
            Double.parseDouble(d[9]),
            Double.parseDouble(d[10]));
    List<PeerBlock> peers = new ArrayList<>();
    Path credentials = null;
    for (String p : args.subList(3, args.size())) {
      if (p.startsWith(CREDENTIALS)) {
        credentials = Path.of(p.substring(CREDENTIALS.length()));
        continue;
      }
      int plus = p.indexOf('+');
      peers.add(
          new PeerBlock(
              InetAddress.ofLiteral(p.substring(0, plus)),
              Integer.parseInt(p.substring(plus + 1))));
    }
    return new ResponderSpec(
        InetAddress.ofLiteral(args.get(0)),
        SetupSuite.parse(args.get(1)),
        peers,
        defences,
        credentials);
  }
}
