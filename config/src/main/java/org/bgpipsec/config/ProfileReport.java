package org.bgpipsec.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The answers to the eight questions of the memo's section 8 (RFC 5406), computed from one peer's
 * configuration: change the configuration and the answers change with it.
 */
public final class ProfileReport {
  private ProfileReport() {}

  /** One question of section 8 and this configuration's answer to it. */
  public record Answer(char letter, String topic, String question, String answer) {}

  /** The answers for every peer of the speaker. */
  public record PeerProfile(String peer, String address, long as, List<Answer> answers) {
    public PeerProfile {
      answers = List.copyOf(answers);
    }
  }

  /** The whole report for a speaker. */
  public record Report(String speaker, long as, String address, List<PeerProfile> peers) {
    public Report {
      peers = List.copyOf(peers);
    }
  }

  public static Report of(SpeakerConfig config) {
    List<PeerProfile> peers = new ArrayList<>();
    for (PeerConfig p : config.peers()) {
      peers.add(
          new PeerProfile(
              p.name(), p.address().getHostAddress(), p.remoteAs(), answers(config, p)));
    }
    return new Report(config.name(), config.localAs(), config.address().getHostAddress(), peers);
  }

  /** The eight answers for one peer. */
  public static List<Answer> answers(SpeakerConfig s, PeerConfig p) {
    Protection pr = p.protection();
    String local = s.address().getHostAddress();
    String peer = p.address().getHostAddress();
    List<Answer> out = new ArrayList<>();
    if (!pr.enabled()) {
      String none =
          "not protected: this peer is configured with mode none (plain TCP, a lab setting)";
      out.add(new Answer('a', "selectors", QUESTIONS[0], none));
      out.add(new Answer('b', "protocol and mode", QUESTIONS[1], none));
      out.add(new Answer('c', "key management", QUESTIONS[2], none));
      out.add(
          new Answer(
              'd',
              "responder policy",
              QUESTIONS[3],
              "none: TCP port 179 on " + local + " accepts " + peer + " without IPsec"));
      out.add(
          new Answer(
              'e',
              "identification",
              QUESTIONS[4],
              "the TCP source address " + peer + " only, unauthenticated"));
      out.add(new Answer('f', "authentication", QUESTIONS[5], none));
      out.add(new Answer('g', "IKE variant", QUESTIONS[6], none));
      out.add(
          new Answer(
              'h', "availability", QUESTIONS[7], "plain TCP needs nothing; no protection at all"));
      return out;
    }
    out.add(new Answer('a', "selectors", QUESTIONS[0], selectors(pr, local, peer)));
    out.add(new Answer('b', "protocol and mode", QUESTIONS[1], protocol(pr)));
    out.add(
        new Answer(
            'c',
            "key management",
            QUESTIONS[2],
            "automated: IKEv2 (RFC 7296), so ESP sequence numbers are never reset and anti-replay works"
                + " (window "
                + pr.replayWindow()
                + " packets, RFC 4303 3.4.3); IKE SA lifetime "
                + human(pr.lifetimes().ikeSa())
                + ", Child SA "
                + human(pr.lifetimes().childSa())
                + (pr.lifetimes().childBytes() > 0
                    ? " or " + pr.lifetimes().childBytes() + " bytes"
                    : "")
                + ", rekeyed "
                + human(pr.lifetimes().rekeyMargin())
                + " before expiry; manual keys are not offered"));
    out.add(new Answer('d', "responder policy", QUESTIONS[3], responderPolicy(pr, p, local, peer)));
    out.add(new Answer('e', "identification", QUESTIONS[4], identification(pr, p)));
    out.add(new Answer('f', "authentication", QUESTIONS[5], authentication(pr, p)));
    out.add(
        new Answer(
            'g',
            "IKE variant",
            QUESTIONS[6],
            "IKEv2 only (IKEv1 main and aggressive modes are obsolete, RFC 9395); IKE SA proposals, in order: "
                + pr.ike().stream()
                    .map(i -> i + " (" + i.describe() + ")")
                    .collect(Collectors.joining("; "))));
    out.add(new Answer('h', "availability", QUESTIONS[7], availability(s, p)));
    return out;
  }

  static final String[] QUESTIONS = {
    "What selectors should the initiator use? What addresses, port numbers?",
    "What IPsec protocol is to be used: AH or ESP? What mode: transport or tunnel?",
    "What form of key management is appropriate?",
    "What security policy database entry types should the responder use when deciding whether to accept?",
    "What form of identification should be used?",
    "What form of authentication should be used?",
    "Which of the many variants of IKE must be supported?",
    "Is suitable IPsec support available in likely configurations?"
  };

  private static String selectors(Protection pr, String local, String peer) {
    return switch (pr.selectors()) {
      case BGP ->
          "the pair of BGP speakers' addresses, TCP, port 179 on one side: two selector pairs, "
              + local
              + "[tcp/any] → "
              + peer
              + "[tcp/179] and "
              + local
              + "[tcp/179] ← "
              + peer
              + "[tcp/any], so either speaker may open the connection";
      case ALL ->
          "all traffic between "
              + local
              + " and "
              + peer
              + " (any protocol and port; wider than BGP needs)";
    };
  }

  private static String protocol(Protection pr) {
    EspAlgorithm first = pr.esp().getFirst();
    String kind =
        first.confidentiality()
            ? "integrity and confidentiality"
            : "integrity only (BGP is not secret)";
    return "ESP in transport mode, "
        + kind
        + ": "
        + pr.esp().stream()
            .map(e -> e.configName() + " = " + e.description())
            .collect(Collectors.joining("; "))
        + ". ESP rather than AH, because AH cannot cross NAT; every ESP packet travels in UDP (RFC 3948)."
        + " The sender's address is checked against the address IKE authenticated (RFC 4301)";
  }

  private static String responderPolicy(Protection pr, PeerConfig p, String local, String peer) {
    String who =
        switch (pr.authentication()) {
          case Authentication.PreSharedKey k -> "proves knowledge of the pre-shared key";
          case Authentication.Certificates c ->
              "presents a certificate from the configured CA whose RFC 3779 extensions cover AS "
                  + p.remoteAs()
                  + " and address "
                  + peer;
          case Authentication.None n -> "connects";
        };
    return "accept only the designated peer: IKE from "
        + peer
        + " that identifies as "
        + pr.remoteId()
        + " and "
        + who
        + "; its ESP packets must come from "
        + peer
        + " with TCP port 179 on "
        + local
        + "'s side or its own; its BGP OPEN must carry AS "
        + p.remoteAs()
        + ". Everything else is refused; TCP port 179 is never reachable without ESP";
  }

  private static String identification(Protection pr, PeerConfig p) {
    Identity r = pr.remoteId();
    String tie =
        r.type().isAddress()
            ? "the identity is the peer's IP address itself"
            : "tied back to address "
                + p.address().getHostAddress()
                + " by this configuration"
                + (pr.authentication() instanceof Authentication.Certificates
                    ? " and to AS " + p.remoteAs() + " by the certificate's RFC 3779 extension"
                    : " and to AS " + p.remoteAs() + " by the BGP OPEN check");
    return "local " + pr.localId() + ", peer " + r + "; " + tie;
  }

  private static String authentication(Protection pr, PeerConfig p) {
    return switch (pr.authentication()) {
      case Authentication.PreSharedKey k ->
          "pre-shared secret (RFC 7296 2.15) from "
              + k.secret().source()
              + ", "
              + k.secret().length()
              + " bytes; reasonable on a peering link (memo section 9)";
      case Authentication.Certificates c ->
          "certificates from the local CA "
              + c.trustAnchor().getFileName()
              + " (this speaker: "
              + c.certificate().getFileName()
              + "); the peer's certificate must carry AS "
              + p.remoteAs()
              + " and "
              + p.address().getHostAddress()
              + " in its RFC 3779 extensions";
      case Authentication.None n -> "none";
    };
  }

  private static String availability(SpeakerConfig s, PeerConfig p) {
    String ports = "UDP " + s.ports().ike() + " (IKE) and " + s.ports().natT() + " (ESP in UDP)";
    String privilege =
        s.ports().privileged()
            ? "; ports below 1024 need CAP_NET_BIND_SERVICE (or root) on Linux"
            : "; no privileges needed";
    String peerSide =
        p.remotePorts().equals(Ports.STANDARD)
            ? "the peer uses the standard ports 500/4500, as Linux XFRM with strongSwan or libreswan does"
            : "the peer uses ports " + p.remotePorts().ike() + "/" + p.remotePorts().natT();
    return "yes, without kernel IPsec: a JVM 25 and "
        + ports
        + privilege
        + "; "
        + peerSide
        + "; the wire format (ESP in UDP, RFC 3948) is what Linux XFRM, strongSwan and libreswan speak";
  }

  private static String human(java.time.Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  /** The report as Markdown: a table per peer. */
  public static String markdown(Report r) {
    StringBuilder out = new StringBuilder();
    out.append("# RFC 5406 section 8 profile of ")
        .append(r.speaker())
        .append(" (AS ")
        .append(r.as())
        .append(", ")
        .append(r.address())
        .append(")\n");
    for (PeerProfile p : r.peers()) {
      out.append("\n## Peer ")
          .append(p.peer())
          .append(" (AS ")
          .append(p.as())
          .append(", ")
          .append(p.address())
          .append(")\n\n");
      out.append("| | question | answer |\n|---|---|---|\n");
      for (Answer a : p.answers()) {
        out.append("| (")
            .append(a.letter())
            .append(") ")
            .append(a.topic())
            .append(" | ")
            .append(escape(a.question()))
            .append(" | ")
            .append(escape(a.answer()))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  /** The report as JSON: {@code {speaker, as, address, peers: [{peer, ..., answers: []}]}}. */
  public static String json(Report r) {
    try {
      return JSON.writeValueAsString(r);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /** The problems of an invalid configuration as JSON, for {@code config check --json}. */
  public static String json(java.util.List<ConfigProblem> problems) {
    try {
      return JSON.writeValueAsString(
          java.util.Map.of(
              "valid",
              problems.isEmpty(),
              "problems",
              problems.stream()
                  .map(
                      p ->
                          java.util.Map.of(
                              "file", p.file().toString(),
                              "line", p.line(),
                              "column", p.column(),
                              "field", p.field(),
                              "message", p.message()))
                  .toList()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the problems as JSON", e);
    }
  }

  private static String escape(String s) {
    return s.replace("|", "\\|");
  }
}
