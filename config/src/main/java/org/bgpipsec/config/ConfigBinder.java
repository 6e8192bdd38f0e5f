package org.bgpipsec.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import javax.security.auth.x500.X500Principal;
import org.bgpipsec.config.yaml.Location;
import org.bgpipsec.config.yaml.YamlNode;

/**
 * Binds a YAML tree to the configuration records, checking every field and the rules of the
 * profile. Problems are collected, not thrown, so that one run reports them all.
 */
final class ConfigBinder {

  /** RFC 7296 2.15 wants a key "at least as strong as" the PRF output; 16 bytes is our floor. */
  static final int MIN_PSK_BYTES = 16;

  /** A PSK file larger than this is certainly not a key. */
  static final long MAX_PSK_FILE_BYTES = 4096;

  static final List<EspAlgorithm> DEFAULT_ESP = List.of(EspAlgorithm.NULL_SHA256);

  static final List<IkeProposal> DEFAULT_IKE =
      List.of(
          IkeProposal.parse("aes256gcm16-prfsha256-curve25519"),
          IkeProposal.parse("aes256gcm16-prfsha256-ecp256"),
          IkeProposal.parse("aes256-sha256-modp2048"));

  static final int DEFAULT_REPLAY_WINDOW = 1024;

  /** ESP names that give no integrity, with the reason they are refused. */
  private static final Map<String, String> ENCRYPTION_ONLY_ESP =
      Map.of(
          "aes128",
          "AES-CBC",
          "aes256",
          "AES-CBC",
          "aes128cbc",
          "AES-CBC",
          "aes256cbc",
          "AES-CBC",
          "aes128ctr",
          "AES-CTR",
          "aes256ctr",
          "AES-CTR",
          "3des",
          "3DES",
          "des",
          "DES",
          "null",
          "NULL",
          "chacha20",
          "ChaCha20 without Poly1305");

  private final Path file;
  private final Path baseDirectory;
  private final UnaryOperator<String> environment;
  private final Problems problems;

  ConfigBinder(Path file, UnaryOperator<String> environment, Problems problems) {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    this.baseDirectory = parent == null ? Path.of(".") : parent;
    this.environment = environment;
    this.problems = problems;
  }

  /** Returns the configuration, or null if any problem was found. */
  SpeakerConfig bind(YamlNode root) {
    if (root instanceof YamlNode.Null) {
      problems.add(root.location(), "", "the file is empty; see config/examples/ for a start");
      return null;
    }
    Fields top = Fields.of(root, "", problems).orElse(null);
    if (top == null) {
      return null;
    }
    SpeakerPart speaker =
        top.require("speaker", "the local speaker (as, address)")
            .flatMap(n -> speaker(n))
            .orElse(null);
    Optional<CredentialFiles> credentials = top.get("credentials").flatMap(this::credentials);
    Timers timers =
        top.get("timers").flatMap(n -> timers(n, "timers", Timers.DEFAULT)).orElse(Timers.DEFAULT);
    List<IpPrefix> announce =
        top.get("announce")
            .flatMap(
                n -> Values.list(n, "announce", problems, (i, p) -> Values.prefix(i, p, problems)))
            .orElse(List.of());
    List<PeerConfig> peers = new ArrayList<>();
    Optional<YamlNode> peersNode = top.require("peers", "at least one peer");
    top.finish();
    if (peersNode.isPresent()) {
      if (!(peersNode.get() instanceof YamlNode.Sequence seq)) {
        problems.add(
            peersNode.get().location(),
            "peers",
            "expected a list of peers, found " + peersNode.get().kind());
      } else if (seq.items().isEmpty()) {
        problems.add(seq.location(), "peers", "the list is empty: configure at least one peer");
      } else if (speaker != null) {
        for (int i = 0; i < seq.items().size(); i++) {
          peer(
                  seq.items().get(i),
                  "peers[" + i + "]",
                  speaker,
                  credentials,
                  top.keyLocation("credentials"),
                  timers)
              .ifPresent(peers::add);
        }
        checkDistinct(seq, peers);
      }
    }
    if (speaker != null) {
      for (IpPrefix prefix : announce) {
        if (prefix.isIpv4() != (speaker.address instanceof Inet4Address)
            && peers.stream().noneMatch(p -> Values.sameFamily(p.address(), prefix.address()))) {
          problems.add(
              top.keyLocation("announce"),
              "announce",
              prefix + " is of an address family no peer session carries");
        }
      }
    }
    if (problems.count() > 0 || speaker == null) {
      return null;
    }
    return new SpeakerConfig(
        file,
        speaker.name,
        speaker.as,
        speaker.routerId,
        speaker.address,
        speaker.ports,
        announce,
        peers,
        speaker.controlSocket,
        speaker.metricsPort,
        speaker.transport,
        speaker.esnResync,
        speaker.warmUp);
  }

  private record SpeakerPart(
      String name,
      long as,
      Inet4Address routerId,
      InetAddress address,
      Ports ports,
      Optional<Path> controlSocket,
      OptionalInt metricsPort,
      IoTransport transport,
      EsnResyncConfig esnResync,
      boolean warmUp) {}

  private record CredentialFiles(Path certificate, Path privateKey, Path trustAnchor) {}

  private Optional<SpeakerPart> speaker(YamlNode node) {
    Fields f = Fields.of(node, "speaker", problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    int before = problems.count();
    String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    String name =
        f.get("name").flatMap(n -> Values.string(n, f.path("name"), problems)).orElse(defaultName);
    Optional<Long> as =
        f.require("as", "the local AS number")
            .flatMap(n -> Values.asNumber(n, f.path("as"), problems));
    Optional<InetAddress> address =
        f.require("address", "the local address for BGP and IKE")
            .flatMap(n -> Values.address(n, f.path("address"), problems));
    Optional<Inet4Address> routerId =
        f.get("router-id").flatMap(n -> Values.ipv4(n, f.path("router-id"), problems));
    Ports ports =
        f.get("ports")
            .flatMap(n -> ports(n, f.path("ports"), Ports.STANDARD))
            .orElse(Ports.STANDARD);
    Optional<Path> controlSocket =
        f.get("control-socket")
            .flatMap(n -> Values.string(n, f.path("control-socket"), problems))
            .map(this::resolve);
    OptionalInt metrics =
        f.get("metrics-port")
            .flatMap(n -> Values.port(n, f.path("metrics-port"), problems))
            .map(OptionalInt::of)
            .orElse(OptionalInt.empty());
    IoTransport transport =
        f.get("transport")
            .flatMap(
                n ->
                    Values.oneOf(
                        n,
                        f.path("transport"),
                        IoTransport.values(),
                        IoTransport::configName,
                        problems))
            .orElse(IoTransport.AUTO);
    EsnResyncConfig esnResync =
        f.get("esn-resync")
            .flatMap(n -> esnResync(n, f.path("esn-resync")))
            .orElse(EsnResyncConfig.DEFAULT);
    boolean warmUp =
        f.get("warm-up").flatMap(n -> Values.bool(n, f.path("warm-up"), problems)).orElse(true);
    f.finish();
    if (routerId.isEmpty() && address.isPresent() && !(address.get() instanceof Inet4Address)) {
      problems.add(
          f.keyLocation("address"),
          f.path("router-id"),
          "an IPv6-only speaker needs an explicit IPv4 router-id (RFC 4271 4.2 BGP Identifier)");
    }
    if (problems.count() > before || as.isEmpty() || address.isEmpty()) {
      return Optional.empty();
    }
    Inet4Address id = routerId.orElseGet(() -> (Inet4Address) address.get());
    if (id.isAnyLocalAddress()) {
      problems.add(
          f.keyLocation("router-id"),
          f.path("router-id"),
          "0.0.0.0 is not a valid BGP Identifier (RFC 6286)");
      return Optional.empty();
    }
    return Optional.of(
        new SpeakerPart(
            name,
            as.get(),
            id,
            address.get(),
            ports,
            controlSocket,
            metrics,
            transport,
            esnResync,
            warmUp));
  }

  private Optional<Ports> ports(YamlNode node, String path, Ports defaults) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    int ike =
        f.get("ike").flatMap(n -> Values.port(n, f.path("ike"), problems)).orElse(defaults.ike());
    int natT =
        f.get("nat-t")
            .flatMap(n -> Values.port(n, f.path("nat-t"), problems))
            .orElse(defaults.natT());
    f.finish();
    if (ike == natT) {
      problems.add(
          f.location(),
          path,
          "ike and nat-t must be different ports (RFC 3948: port "
              + natT
              + " carries ESP with a non-ESP marker for IKE)");
      return Optional.empty();
    }
    return Optional.of(new Ports(ike, natT));
  }

  /** RFC 4303 appendix A3: {@code trigger} (A3.1) and {@code max-retries} (A3.2, 0 is off). */
  private Optional<EsnResyncConfig> esnResync(YamlNode node, String path) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    int before = problems.count();
    long trigger =
        f.get("trigger")
            .flatMap(
                n -> Values.integer(n, f.path("trigger"), 1, EsnResyncConfig.MAX_TRIGGER, problems))
            .orElse((long) EsnResyncConfig.DEFAULT.trigger());
    long retries =
        f.get("max-retries")
            .flatMap(
                n ->
                    Values.integer(
                        n, f.path("max-retries"), 0, EsnResyncConfig.MAX_RETRIES, problems))
            .orElse((long) EsnResyncConfig.DEFAULT.maxRetries());
    f.finish();
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.of(new EsnResyncConfig((int) trigger, (int) retries));
  }

  private Optional<CredentialFiles> credentials(YamlNode node) {
    Fields f = Fields.of(node, "credentials", problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    Optional<Path> cert =
        f.require("certificate", "this speaker's certificate (PEM)")
            .flatMap(n -> readableFile(n, f.path("certificate")));
    Optional<Path> key =
        f.require("private-key", "this speaker's private key (PEM)")
            .flatMap(n -> readableFile(n, f.path("private-key")));
    Optional<Path> ca =
        f.require("ca", "the CA certificate that peers' certificates chain to (PEM)")
            .flatMap(n -> readableFile(n, f.path("ca")));
    f.finish();
    if (cert.isEmpty() || key.isEmpty() || ca.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CredentialFiles(cert.get(), key.get(), ca.get()));
  }

  private Optional<Timers> timers(YamlNode node, String path, Timers defaults) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    int before = problems.count();
    Duration hold =
        f.get("hold")
            .flatMap(n -> Values.duration(n, f.path("hold"), problems))
            .orElse(defaults.hold());
    Duration keepalive =
        f.get("keepalive")
            .flatMap(n -> Values.duration(n, f.path("keepalive"), problems))
            .orElse(hold.isZero() ? Duration.ZERO : hold.dividedBy(3));
    Duration retry =
        f.get("connect-retry")
            .flatMap(n -> Values.duration(n, f.path("connect-retry"), problems))
            .orElse(defaults.connectRetry());
    f.finish();
    if (problems.count() > before) {
      return Optional.empty();
    }
    // RFC 4271 4.2: "Hold Time MUST be either zero or at least three seconds."
    if (!hold.isZero() && hold.compareTo(Duration.ofSeconds(3)) < 0) {
      problems.add(
          f.keyLocation("hold"),
          f.path("hold"),
          "the hold time must be 0 or at least 3 seconds (RFC 4271 4.2)");
    } else if (hold.toSeconds() > 65535) {
      problems.add(
          f.keyLocation("hold"),
          f.path("hold"),
          "the hold time is a 16-bit number of seconds: at most 65535s");
    } else if (!hold.isZero() && keepalive.compareTo(hold) >= 0) {
      problems.add(
          f.keyLocation("keepalive"),
          f.path("keepalive"),
          "the keepalive interval must be shorter than the hold time (RFC 4271 10 suggests one third)");
    } else if (retry.isZero() || retry.isNegative()) {
      problems.add(
          f.keyLocation("connect-retry"),
          f.path("connect-retry"),
          "the connect-retry time must be positive");
    } else {
      return Optional.of(new Timers(hold, keepalive, retry));
    }
    return Optional.empty();
  }

  private Optional<PeerConfig> peer(
      YamlNode node,
      String path,
      SpeakerPart speaker,
      Optional<CredentialFiles> credentials,
      Location credentialsAt,
      Timers speakerTimers) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    int before = problems.count();
    Optional<InetAddress> address =
        f.require("address", "the peer's address")
            .flatMap(n -> Values.address(n, f.path("address"), problems));
    Optional<Long> as =
        f.require("as", "the peer's AS number")
            .flatMap(n -> Values.asNumber(n, f.path("as"), problems));
    String name =
        f.get("name")
            .flatMap(n -> Values.string(n, f.path("name"), problems))
            .orElse(address.map(InetAddress::getHostAddress).orElse(path));
    Ports ports =
        f.get("ports").flatMap(n -> ports(n, f.path("ports"), speaker.ports)).orElse(speaker.ports);
    boolean passive =
        f.get("passive").flatMap(n -> Values.bool(n, f.path("passive"), problems)).orElse(false);
    RoutePolicy importPolicy =
        f.get("import")
            .flatMap(
                n ->
                    Values.oneOf(
                        n,
                        f.path("import"),
                        RoutePolicy.values(),
                        RoutePolicy::configName,
                        problems))
            .orElse(RoutePolicy.NONE);
    RoutePolicy exportPolicy =
        f.get("export")
            .flatMap(
                n ->
                    Values.oneOf(
                        n,
                        f.path("export"),
                        RoutePolicy.values(),
                        RoutePolicy::configName,
                        problems))
            .orElse(RoutePolicy.NONE);
    int maxPrefixes =
        f.get("max-prefixes")
            .flatMap(n -> Values.integer(n, f.path("max-prefixes"), 0, 100_000_000, problems))
            .map(Long::intValue)
            .orElse(0);
    Timers timers =
        f.get("timers")
            .flatMap(n -> timers(n, f.path("timers"), speakerTimers))
            .orElse(speakerTimers);
    if (address.isPresent()) {
      InetAddress a = address.get();
      if (!Values.sameFamily(a, speaker.address)) {
        problems.add(
            f.keyLocation("address"),
            f.path("address"),
            a.getHostAddress()
                + " is not of the same address family as the speaker's address "
                + speaker.address.getHostAddress());
      } else if (a.equals(speaker.address)) {
        problems.add(
            f.keyLocation("address"),
            f.path("address"),
            a.getHostAddress() + " is the speaker's own address");
      } else if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
        problems.add(
            f.keyLocation("address"),
            f.path("address"),
            a.getHostAddress() + " cannot be a BGP peer's address");
      }
    }
    Optional<YamlNode> protectionNode = f.get("protection");
    f.finish();
    if (problems.count() > before || address.isEmpty() || as.isEmpty()) {
      return Optional.empty();
    }
    Location protectionAt = protectionNode.map(YamlNode::location).orElse(f.location());
    Fields pf =
        protectionNode.isPresent()
            ? Fields.of(protectionNode.get(), f.path("protection"), problems).orElse(null)
            : Fields.empty(f.location(), f.path("protection"), problems);
    if (pf == null) {
      return Optional.empty();
    }
    return protection(pf, speaker, address.get(), credentials, credentialsAt, protectionAt)
        .map(
            pr ->
                new PeerConfig(
                    name,
                    address.get(),
                    as.get(),
                    ports,
                    pr,
                    importPolicy,
                    exportPolicy,
                    maxPrefixes,
                    timers,
                    passive));
  }

  private Optional<Protection> protection(
      Fields f,
      SpeakerPart speaker,
      InetAddress peerAddress,
      Optional<CredentialFiles> credentials,
      Location credentialsAt,
      Location at) {
    int before = problems.count();
    Protection.Mode mode =
        f.get("mode").flatMap(n -> mode(n, f.path("mode"))).orElse(Protection.Mode.TRANSPORT);
    f.get("protocol").ifPresent(n -> protocol(n, f.path("protocol")));
    f.get("keying").ifPresent(n -> keying(n, f.path("keying")));
    List<EspAlgorithm> esp =
        f.get("esp")
            .flatMap(n -> Values.list(n, f.path("esp"), problems, this::espAlgorithm))
            .orElse(DEFAULT_ESP);
    List<IkeProposal> ike = f.get("ike").flatMap(n -> ike(n, f.path("ike"))).orElse(DEFAULT_IKE);
    Optional<YamlNode> authNode = f.get("authentication");
    Optional<Identities> ids =
        f.get("identity")
            .map(n -> identities(n, f.path("identity"), speaker.address, peerAddress))
            .orElseGet(
                () ->
                    Optional.of(
                        new Identities(
                            addressIdentity(speaker.address), addressIdentity(peerAddress))));
    TrafficSelectors selectors =
        f.get("selectors")
            .flatMap(
                n ->
                    Values.oneOf(
                        n,
                        f.path("selectors"),
                        TrafficSelectors.values(),
                        TrafficSelectors::configName,
                        problems))
            .orElse(TrafficSelectors.BGP);
    Lifetimes lifetimes =
        f.get("lifetimes")
            .flatMap(n -> lifetimes(n, f.path("lifetimes")))
            .orElse(Lifetimes.DEFAULT);
    boolean udp =
        f.get("udp-encapsulation")
            .flatMap(n -> Values.bool(n, f.path("udp-encapsulation"), problems))
            .orElse(true);
    if (!udp) {
      problems.add(
          f.keyLocation("udp-encapsulation"),
          f.path("udp-encapsulation"),
          "this ESP runs in user space and needs UDP encapsulation (RFC 3948); raw ESP (IP protocol 50) would need kernel IPsec");
    }
    int replayWindow =
        f.get("replay-window")
            .flatMap(n -> Values.integer(n, f.path("replay-window"), 64, 4096, problems))
            .map(Long::intValue)
            .orElse(DEFAULT_REPLAY_WINDOW);
    if (mode == Protection.Mode.NONE && authNode.isEmpty()) {
      f.finish();
      return problems.count() > before
          ? Optional.empty()
          : Optional.of(
              new Protection(
                  mode,
                  esp,
                  ike,
                  new Authentication.PreSharedKey(new Secret(new byte[0], "none (unprotected)")),
                  ids.map(Identities::local).orElse(null),
                  ids.map(Identities::remote).orElse(null),
                  selectors,
                  lifetimes,
                  udp,
                  replayWindow));
    }
    Optional<Authentication> auth =
        authNode.isEmpty()
            ? missingAuthentication(f)
            : authentication(authNode.get(), f.path("authentication"), credentials, credentialsAt);
    f.finish();
    if (problems.count() > before || auth.isEmpty() || ids.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Protection(
            mode,
            esp,
            ike,
            auth.get(),
            ids.get().local,
            ids.get().remote,
            selectors,
            lifetimes,
            udp,
            replayWindow));
  }

  private Optional<Authentication> missingAuthentication(Fields f) {
    problems.add(
        f.location(),
        f.path("authentication"),
        "missing: how IKE authenticates the peer (method: psk or certificate); or set mode: none for an unprotected lab session");
    return Optional.empty();
  }

  private Optional<Protection.Mode> mode(YamlNode n, String path) {
    if (n instanceof YamlNode.Scalar s && s.text().trim().equalsIgnoreCase("tunnel")) {
      problems.add(
          n.location(),
          path,
          "tunnel mode is not part of this profile: the SA protects the two speakers' own TCP session, which is transport mode (memo section 8(b))");
      return Optional.empty();
    }
    return Values.oneOf(n, path, Protection.Mode.values(), Protection.Mode::configName, problems);
  }

  private void protocol(YamlNode n, String path) {
    Values.string(n, path, problems)
        .ifPresent(
            text -> {
              switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "esp" -> {}
                case "ah" ->
                    problems.add(
                        n.location(),
                        path,
                        "AH is ruled out: it cannot cross NAT and RFC 3948 UDP encapsulation is ESP-only; integrity-only ESP (null-sha256) protects BGP just as well (memo section 8(b))");
                default ->
                    problems.add(
                        n.location(), path, "'" + text + "' is not an IPsec protocol; use esp");
              }
            });
  }

  private void keying(YamlNode n, String path) {
    Values.string(n, path, problems)
        .ifPresent(
            text -> {
              switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "ikev2", "ike" -> {}
                case "manual" ->
                    problems.add(
                        n.location(),
                        path,
                        "manual keying is ruled out: the memo (section 9) requires automated key management so that anti-replay works (RFC 4303 3.3.3 forbids relying on it with manual keys); use ikev2");
                case "ikev1" ->
                    problems.add(
                        n.location(),
                        path,
                        "IKEv1 is ruled out: it is obsolete (RFC 9395); use ikev2");
                default ->
                    problems.add(
                        n.location(), path, "'" + text + "' is not a keying method; use ikev2");
              }
            });
  }

  private Optional<EspAlgorithm> espAlgorithm(YamlNode n, String path) {
    Optional<String> text = Values.string(n, path, problems);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().trim().toLowerCase(java.util.Locale.ROOT);
    if (ENCRYPTION_ONLY_ESP.containsKey(t)) {
      problems.add(
          n.location(),
          path,
          "'"
              + t
              + "' is "
              + ENCRYPTION_ONLY_ESP.get(t)
              + " without integrity; encryption-only ESP is ruled out (RFC 4303 3.2 and the memo's profile: BGP needs integrity, not secrecy); use null-sha256, aes128gmac or aes256gcm16");
      return Optional.empty();
    }
    if (t.matches("(aes\\d+|null)-(sha\\d+|sha1)")) {
      String[] parts = t.split("-");
      if (parts[0].startsWith("aes")) {
        problems.add(
            n.location(),
            path,
            "'"
                + t
                + "' (AES-CBC with HMAC) is not offered: for confidentiality use aes128gcm16 or aes256gcm16");
        return Optional.empty();
      }
    }
    return Values.oneOf(n, path, EspAlgorithm.values(), EspAlgorithm::configName, problems);
  }

  private Optional<List<IkeProposal>> ike(YamlNode node, String path) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    f.get("version")
        .ifPresent(
            n ->
                Values.integer(n, f.path("version"), 1, 2, problems)
                    .ifPresent(
                        v -> {
                          if (v == 1) {
                            problems.add(
                                n.location(),
                                f.path("version"),
                                "IKEv1 is ruled out: it is obsolete (RFC 9395); IKEv2 (RFC 7296) is the profile's key management (memo section 8(g))");
                          }
                        }));
    Optional<List<IkeProposal>> proposals =
        f.get("proposals")
            .flatMap(
                n ->
                    Values.list(
                        n,
                        f.path("proposals"),
                        problems,
                        (item, p) ->
                            Values.string(item, p, problems)
                                .flatMap(
                                    text -> {
                                      try {
                                        return Optional.of(IkeProposal.parse(text));
                                      } catch (IllegalArgumentException e) {
                                        problems.add(item.location(), p, e.getMessage());
                                        return Optional.empty();
                                      }
                                    })));
    f.finish();
    if (proposals.isPresent() && proposals.get().isEmpty()) {
      problems.add(
          f.keyLocation("proposals"),
          f.path("proposals"),
          "the list is empty: give at least one proposal");
      return Optional.empty();
    }
    return proposals.or(() -> Optional.of(DEFAULT_IKE));
  }

  private record Identities(Identity local, Identity remote) {}

  private Optional<Identities> identities(
      YamlNode node, String path, InetAddress local, InetAddress peer) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    Optional<Identity> l =
        f.get("local")
            .map(n -> identity(n, f.path("local"), local))
            .orElse(Optional.of(addressIdentity(local)));
    Optional<Identity> r =
        f.get("remote")
            .map(n -> identity(n, f.path("remote"), peer))
            .orElse(Optional.of(addressIdentity(peer)));
    f.finish();
    if (l.isEmpty() || r.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Identities(l.get(), r.get()));
  }

  private static Identity addressIdentity(InetAddress a) {
    return new Identity(
        a instanceof Inet4Address ? Identity.Type.IPV4_ADDR : Identity.Type.IPV6_ADDR,
        a.getHostAddress());
  }

  /**
   * One identity. An address identity must be the speaker's (or peer's) own address: the memo
   * (section 9) ties what IKE authenticates to the address the BGP packets come from.
   */
  private Optional<Identity> identity(YamlNode node, String path, InetAddress owner) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    Optional<Identity.Type> type =
        f.require("type", "ipv4-addr, ipv6-addr, fqdn, key-id or dn")
            .flatMap(
                n ->
                    Values.oneOf(
                        n,
                        f.path("type"),
                        Identity.Type.values(),
                        Identity.Type::configName,
                        problems));
    Optional<YamlNode> valueNode = f.get("value");
    Optional<String> value = valueNode.flatMap(n -> Values.string(n, f.path("value"), problems));
    f.finish();
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Location at = valueNode.map(YamlNode::location).orElse(f.location());
    String v = value.orElse(null);
    switch (type.get()) {
      case IPV4_ADDR, IPV6_ADDR -> {
        String text = v == null ? owner.getHostAddress() : v.trim();
        Optional<InetAddress> a = Values.literal(text);
        boolean v4 = type.get() == Identity.Type.IPV4_ADDR;
        if (a.isEmpty() || (a.get() instanceof Inet4Address) != v4) {
          problems.add(
              at,
              f.path("value"),
              "'" + text + "' is not an " + (v4 ? "IPv4" : "IPv6") + " address");
          return Optional.empty();
        }
        if (!a.get().equals(owner)) {
          problems.add(
              at,
              f.path("value"),
              a.get().getHostAddress()
                  + " is not "
                  + owner.getHostAddress()
                  + ": an address identity must be the address the BGP packets come from (memo section 9)");
          return Optional.empty();
        }
        return Optional.of(new Identity(type.get(), a.get().getHostAddress()));
      }
      case FQDN -> {
        if (v == null
            || !v.matches(
                "(?i)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.?")
            || v.length() > 253) {
          problems.add(
              at,
              f.path("value"),
              v == null ? "missing: the domain name" : "'" + v + "' is not a domain name");
          return Optional.empty();
        }
        return Optional.of(new Identity(type.get(), v));
      }
      case DER_ASN1_DN -> {
        try {
          if (v == null || v.isBlank()) {
            throw new IllegalArgumentException();
          }
          return Optional.of(
              new Identity(type.get(), new X500Principal(v).getName(X500Principal.RFC2253)));
        } catch (IllegalArgumentException e) {
          problems.add(
              at,
              f.path("value"),
              v == null
                  ? "missing: the distinguished name"
                  : "'" + v + "' is not a distinguished name such as CN=r2,O=Example");
          return Optional.empty();
        }
      }
      case KEY_ID -> {
        if (v == null || v.isEmpty() || v.length() > 256) {
          problems.add(at, f.path("value"), "a key id is 1 to 256 characters");
          return Optional.empty();
        }
        return Optional.of(new Identity(type.get(), v));
      }
    }
    throw new AssertionError(type.get());
  }

  private Optional<Lifetimes> lifetimes(YamlNode node, String path) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    int before = problems.count();
    Lifetimes d = Lifetimes.DEFAULT;
    Duration ike =
        f.get("ike").flatMap(n -> Values.duration(n, f.path("ike"), problems)).orElse(d.ikeSa());
    Duration child =
        f.get("child")
            .flatMap(n -> Values.duration(n, f.path("child"), problems))
            .orElse(d.childSa());
    long bytes =
        f.get("child-bytes")
            .flatMap(n -> Values.integer(n, f.path("child-bytes"), 0, Long.MAX_VALUE, problems))
            .orElse(d.childBytes());
    Duration margin =
        f.get("rekey-margin")
            .flatMap(n -> Values.duration(n, f.path("rekey-margin"), problems))
            .orElse(d.rekeyMargin());
    f.finish();
    if (problems.count() > before) {
      return Optional.empty();
    }
    if (child.compareTo(Duration.ofSeconds(10)) < 0 || ike.compareTo(Duration.ofSeconds(10)) < 0) {
      problems.add(f.location(), path, "lifetimes shorter than 10s would rekey constantly");
    } else if (margin.compareTo(child) >= 0 || margin.compareTo(ike) >= 0) {
      problems.add(
          f.keyLocation("rekey-margin"),
          f.path("rekey-margin"),
          "the rekey margin (" + margin.toSeconds() + "s) must be shorter than both lifetimes");
    } else {
      return Optional.of(new Lifetimes(ike, child, bytes, margin));
    }
    return Optional.empty();
  }

  private Optional<Authentication> authentication(
      YamlNode node, String path, Optional<CredentialFiles> credentials, Location credentialsAt) {
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    Optional<String> method =
        f.require("method", "psk or certificate")
            .flatMap(n -> Values.string(n, f.path("method"), problems))
            .map(s -> s.trim().toLowerCase(java.util.Locale.ROOT));
    Optional<YamlNode> pskNode = f.get("psk");
    f.finish();
    if (method.isEmpty()) {
      return Optional.empty();
    }
    switch (method.get()) {
      case "psk" -> {
        if (pskNode.isEmpty()) {
          problems.add(
              f.keyLocation("method"),
              f.path("psk"),
              "missing: where the pre-shared key is (psk: {file: PATH} or psk: {env: VARIABLE}); keys are never written inline");
          return Optional.empty();
        }
        return psk(pskNode.get(), f.path("psk")).map(Authentication.PreSharedKey::new);
      }
      case "certificate" -> {
        if (pskNode.isPresent()) {
          problems.add(
              f.keyLocation("psk"),
              f.path("psk"),
              "a pre-shared key is given but the method is certificate");
          return Optional.empty();
        }
        if (credentials.isEmpty()) {
          problems.add(
              f.keyLocation("method"),
              f.path("method"),
              "certificate authentication needs the top-level credentials block (certificate, private-key, ca)"
                  + (credentialsAt.equals(f.location()) ? "" : " without errors"));
          return Optional.empty();
        }
        CredentialFiles c = credentials.get();
        return Optional.of(
            new Authentication.Certificates(c.certificate, c.privateKey, c.trustAnchor));
      }
      case "eap", "xauth", "rsa-sig", "pubkey" -> {
        problems.add(
            f.keyLocation("method"),
            f.path("method"),
            "'"
                + method.get()
                + "' is not offered: the profile authenticates routers with a pre-shared key or a certificate (memo section 8(f))");
        return Optional.empty();
      }
      default -> {
        problems.add(
            f.keyLocation("method"),
            f.path("method"),
            "'"
                + method.get()
                + "' is not psk or certificate"
                + Suggestions.didYouMean(method.get(), List.of("psk", "certificate")));
        return Optional.empty();
      }
    }
  }

  /** A pre-shared key from a file or an environment variable; too short a key is refused. */
  private Optional<Secret> psk(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar) {
      problems.add(
          node.location(),
          path,
          "pre-shared keys are never written inline: use psk: {file: PATH} or psk: {env: VARIABLE}");
      return Optional.empty();
    }
    Fields f = Fields.of(node, path, problems).orElse(null);
    if (f == null) {
      return Optional.empty();
    }
    Optional<YamlNode> fileNode = f.get("file");
    Optional<YamlNode> envNode = f.get("env");
    f.finish();
    if (fileNode.isPresent() == envNode.isPresent()) {
      problems.add(f.location(), path, "give exactly one of file or env");
      return Optional.empty();
    }
    byte[] bytes;
    String source;
    Location at;
    if (fileNode.isPresent()) {
      at = fileNode.get().location();
      Optional<Path> p = readableFile(fileNode.get(), f.path("file"));
      if (p.isEmpty()) {
        return Optional.empty();
      }
      try {
        if (Files.size(p.get()) > MAX_PSK_FILE_BYTES) {
          problems.add(
              at,
              f.path("file"),
              p.get() + " is larger than " + MAX_PSK_FILE_BYTES + " bytes: not a key file");
          return Optional.empty();
        }
        bytes = stripNewline(Files.readAllBytes(p.get()));
      } catch (IOException e) {
        problems.add(at, f.path("file"), "cannot read " + p.get() + ": " + e.getMessage());
        return Optional.empty();
      }
      source = "file " + p.get();
    } else {
      at = envNode.get().location();
      Optional<String> name = Values.string(envNode.get(), f.path("env"), problems);
      if (name.isEmpty()) {
        return Optional.empty();
      }
      String value = environment.apply(name.get());
      if (value == null) {
        problems.add(at, f.path("env"), "environment variable " + name.get() + " is not set");
        return Optional.empty();
      }
      bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      source = "environment variable " + name.get();
    }
    String weakness = weakness(bytes);
    if (weakness != null) {
      java.util.Arrays.fill(bytes, (byte) 0);
      problems.add(
          at,
          path,
          "weak pre-shared key from "
              + source
              + ": "
              + weakness
              + "; use at least "
              + MIN_PSK_BYTES
              + " random bytes (for example: head -c 32 /dev/urandom | base64)");
      return Optional.empty();
    }
    Secret secret = new Secret(bytes, source);
    java.util.Arrays.fill(bytes, (byte) 0);
    return Optional.of(secret);
  }

  /** Why a key is weak, or null. Never includes the key itself. */
  static String weakness(byte[] key) {
    if (key.length < MIN_PSK_BYTES) {
      return key.length + " bytes";
    }
    long distinct =
        new String(key, java.nio.charset.StandardCharsets.ISO_8859_1).chars().distinct().count();
    if (distinct < 6) {
      return "only " + distinct + " distinct characters";
    }
    return null;
  }

  private static byte[] stripNewline(byte[] b) {
    int n = b.length;
    while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
      n--;
    }
    byte[] out = java.util.Arrays.copyOf(b, n);
    java.util.Arrays.fill(b, (byte) 0);
    return out;
  }

  private Optional<Path> readableFile(YamlNode node, String path) {
    return Values.string(node, path, problems)
        .flatMap(
            text -> {
              Path p = resolve(text.trim());
              if (!Files.exists(p)) {
                problems.add(node.location(), path, "no such file: " + p);
                return Optional.empty();
              }
              if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                problems.add(node.location(), path, "not a readable file: " + p);
                return Optional.empty();
              }
              return Optional.of(p);
            });
  }

  private Path resolve(String text) {
    return baseDirectory.resolve(text).normalize();
  }

  private void checkDistinct(YamlNode.Sequence seq, List<PeerConfig> peers) {
    Map<InetAddress, Integer> byAddress = new HashMap<>();
    Map<String, Integer> byName = new HashMap<>();
    for (int i = 0; i < peers.size() && peers.size() == seq.items().size(); i++) {
      PeerConfig p = peers.get(i);
      Integer a = byAddress.putIfAbsent(p.address(), i);
      if (a != null) {
        problems.add(
            seq.items().get(i).location(),
            "peers[" + i + "].address",
            p.address().getHostAddress()
                + " is also peers["
                + a
                + "]: one session per peer address");
      }
      Integer n = byName.putIfAbsent(p.name(), i);
      if (n != null && a == null) {
        problems.add(
            seq.items().get(i).location(),
            "peers[" + i + "].name",
            "'" + p.name() + "' is also the name of peers[" + n + "]");
      }
    }
  }
}
