package org.bgpipsec.perf.load;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bgpipsec.ike.auth.AsRange;

/**
 * The configuration files of a {@code perf peers} run, written as a user writes them (YAML, loaded
 * by the ordinary loader): the speaker under test in AS {@value #SPEAKER_AS} with every simulated
 * peer configured passive (the peers open the connections, so each one's first BGP connection
 * raises the ACQUIRE that starts IKE), and one file per simulated peer in its own private 4-octet
 * AS ({@value #FIRST_PEER_AS} + index, RFC 6996) announcing its prefixes. With a PSK suite one
 * pre-shared key file serves every pair; with a certificate suite every side has its own
 * certificate from one fresh local CA ({@link PerfCredentials}) holding its AS and its address (RFC
 * 3779), and each side checks the other's against the AS and address it configured. Both sides: ESP
 * null-sha256 in UDP, import accept-all; the speaker exports nothing (RFC 8212 default), so the run
 * measures setup, not route redistribution. Both sides use the same ConnectRetry time; a passive
 * speaker connects itself when it expires (RFC 4271 8.2.2, Active state), so a setup slower than
 * that makes the speaker start connections, ACQUIREs and IKE SAs of its own.
 */
final class PeersConfigs {
  static final long SPEAKER_AS = 65000;
  static final long FIRST_PEER_AS = 4_200_000_000L;

  /**
   * The AS numbers a certificate run's CA holds: the speaker's, and a block of the peers' private
   * range with room for a second AS per peer ({@link #foreignAs}).
   */
  static final List<AsRange> CA_AS =
      List.of(
          AsRange.of(SPEAKER_AS),
          new AsRange(FIRST_PEER_AS, FIRST_PEER_AS + 2L * PeersRun.MAX_PEERS - 1));

  /** Routes fit 10.0.0.0/8 as /24s: peers times prefixes at most this. */
  static final int MAX_ROUTES = 65_536;

  private PeersConfigs() {}

  /** Peer {@code i}'s AS, as both sides configure it. */
  static long peerAs(int i) {
    return FIRST_PEER_AS + i;
  }

  /**
   * An AS the CA holds that is not peer {@code i}'s nor any other peer's: what a certificate issued
   * for the wrong AS names (the negative check of a certificate run).
   */
  static long foreignAs(int i) {
    return FIRST_PEER_AS + PeersRun.MAX_PEERS + i;
  }

  /** The {@code j}-th prefix of peer {@code i}: a /24 of 10.0.0.0/8. */
  static String prefix(int i, int j, int perPeer) {
    int n = i * perPeer + j;
    return "10." + (n >>> 8) + "." + (n & 0xff) + ".0/24";
  }

  /**
   * The speaker under test's file, {@code dir/speaker.yaml}; {@code warmUp} is its {@code
   * speaker.warm-up} (the start-up warm-ups of the receive path and the IKE handshake).
   */
  static Path speaker(
      Path dir,
      InetAddress self,
      int[] ports,
      List<InetAddress> peers,
      String proposal,
      Duration connectRetry,
      Optional<PerfCredentials> credentials,
      boolean warmUp)
      throws IOException {
    StringBuilder b = new StringBuilder();
    b.append(
        """
        speaker:
          name: speaker
          as: %d
          router-id: %s
          address: %s
          ports: {ike: %d, nat-t: %d}
          warm-up: %s
        timers: {hold: 90s, keepalive: 30s, connect-retry: %ds}
        %speers:
        """
            .formatted(
                SPEAKER_AS,
                self.getHostAddress(),
                self.getHostAddress(),
                ports[0],
                ports[1],
                warmUp,
                connectRetry.toSeconds(),
                credentials(credentials, self)));
    for (int i = 0; i < peers.size(); i++) {
      b.append(
          """
            - name: p%d
              address: %s
              as: %d
              passive: true
          %s"""
              .formatted(
                  i,
                  peers.get(i).getHostAddress(),
                  peerAs(i),
                  protection(proposal, "accept-all", "none", credentials.isPresent())));
    }
    Path file = dir.resolve("speaker.yaml");
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    return file;
  }

  /** Simulated peer {@code i}'s file, {@code dir/p<i>.yaml}. */
  static Path peer(
      Path dir,
      int i,
      InetAddress self,
      InetAddress speaker,
      int[] ports,
      int prefixes,
      String proposal,
      Duration connectRetry,
      Optional<PerfCredentials> credentials)
      throws IOException {
    List<String> announce = new ArrayList<>();
    for (int j = 0; j < prefixes; j++) {
      announce.add(prefix(i, j, prefixes));
    }
    String yaml =
        """
        speaker:
          name: p%d
          as: %d
          router-id: %s
          address: %s
          ports: {ike: %d, nat-t: %d}
        timers: {hold: 90s, keepalive: 30s, connect-retry: %ds}
        %sannounce: [%s]
        peers:
          - name: speaker
            address: %s
            as: %d
        %s"""
            .formatted(
                i,
                peerAs(i),
                self.getHostAddress(),
                self.getHostAddress(),
                ports[0],
                ports[1],
                connectRetry.toSeconds(),
                credentials(credentials, self),
                announce.stream().collect(Collectors.joining(", ")),
                speaker.getHostAddress(),
                SPEAKER_AS,
                protection(proposal, "accept-all", "accept-all", credentials.isPresent()));
    Path file = dir.resolve("p" + i + ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  /** The top-level credentials block of the side at {@code self}, or nothing with a PSK. */
  private static String credentials(Optional<PerfCredentials> credentials, InetAddress self) {
    return credentials
        .map(
            c ->
                """
                credentials:
                  certificate: %s
                  private-key: %s
                  ca: %s
                """
                    .formatted(
                        quoted(c.certificate(self)),
                        quoted(c.privateKey(self)),
                        quoted(c.caCertificate())))
        .orElse("");
  }

  private static String quoted(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  /**
   * A peer's protection: ESP null-sha256, the suite's IKE proposal, and either the shared key file
   * or certificates (the identities default to the two addresses, which each certificate holds in
   * its subjectAltName and its RFC 3779 address extension; the AS is checked against the RFC 3779
   * AS extension).
   */
  private static String protection(String proposal, String in, String out, boolean certificates) {
    return """
            import: %s
            export: %s
            protection:
              esp: [null-sha256]
              ike: {proposals: [%s]}
              authentication: %s
        """
        .formatted(
            in,
            out,
            proposal,
            certificates ? "{method: certificate}" : "{method: psk, psk: {file: psk}}");
  }

  /**
   * The IKE proposal of a suite's group, as the configuration writes it (the authentication method
   * is separate: {@link #protection}).
   */
  static String proposal(SetupSuite suite) {
    return switch (suite.group().transformId()) {
      case 14 -> "aes256-sha256-modp2048";
      case 19 -> "aes256gcm16-prfsha256-ecp256";
      case 31 -> "aes256gcm16-prfsha256-curve25519";
      default ->
          throw new IllegalArgumentException(
              "--suite " + suite + ": perf peers runs groups 14, 19 and 31");
    };
  }
}
