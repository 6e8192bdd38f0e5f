package org.bgpipsec.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bgpipsec.ipsec.esp.EspAlgorithm;
import org.bgpipsec.ipsec.pcap.CapturedPacket;
import org.bgpipsec.ipsec.pcap.EspCaptureVerifier;
import org.bgpipsec.ipsec.pcap.EspCaptureVerifier.SaKeys;
import org.bgpipsec.ipsec.pcap.EspCaptureVerifier.Verdict;
import org.bgpipsec.ipsec.pcap.EspFrameDecoder;
import org.bgpipsec.ipsec.pcap.PcapReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bgp-ipsec esp ...}: ESP tools for lab users. */
@Command(
    name = "esp",
    mixinStandardHelpOptions = true,
    description = "ESP tools for interop debugging.",
    subcommands = {EspCommand.Verify.class},
    footer = {
      "",
      "Example:",
      "  bgp-ipsec esp verify --pcap bgp.pcap --sa 'spi=0xc1a2b3c4,alg=null-sha256,key=...'"
    })
public final class EspCommand implements Runnable {
  /** Exit status when at least one ESP packet does not verify. */
  public static final int EXIT_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code bgp-ipsec esp verify}: checks every ESP packet of a capture against given keys. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Reads a pcap capture (raw ESP or UDP-encapsulated ESP, RFC 3948; IPv4 and IPv6) and,",
        "for every ESP packet, prints the SPI, the sequence number, whether the ICV verifies",
        "and the inner protocol and ports. Exit status 0 when every ESP packet verifies, 1 when",
        "one does not (or none was found), 2 for bad input."
      },
      footer = {
        "",
        "SA: spi=0x...,alg=null-sha256|aes128gmac|aes256gmac|aes128gcm16|aes256gcm16,key=HEX[,esn]",
        "  key is the keying material IKEv2 derived for that SA: for null-sha256 the 32-byte",
        "  integrity key; for GCM and GMAC the AES key followed by the 4-byte salt.",
        "",
        "Example:",
        "  bgp-ipsec esp verify --pcap bgp.pcap \\",
        "      --sa 'spi=0xc1a2b3c4,alg=null-sha256,key=00112233...' --json"
      })
  static final class Verify implements Callable<Integer> {
    @Option(names = "--pcap", required = true, paramLabel = "FILE", description = "pcap file")
    Path pcap;

    @Option(
        names = "--sa",
        required = true,
        paramLabel = "SA",
        description = "an SA and its keys (repeat for more SAs)")
    List<String> sas;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(
        names = "--nat-port",
        defaultValue = "4500",
        paramLabel = "PORT",
        description = "UDP port of encapsulated ESP (default: ${DEFAULT-VALUE})")
    int natPort;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<SaKeys> keys = new ArrayList<>();
      try {
        for (String sa : sas) {
          keys.add(parseSa(sa));
        }
      } catch (IllegalArgumentException e) {
        return invalid(e.getMessage());
      }
      if (natPort < 1 || natPort > 65535) {
        return invalid("--nat-port " + natPort + " is not a port");
      }
      List<Object> rows = new ArrayList<>();
      int valid = 0;
      int failed = 0;
      int skipped = 0;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(pcap));
          PcapReader reader = new PcapReader(in);
          EspCaptureVerifier verifier = new EspCaptureVerifier(keys)) {
        EspFrameDecoder decoder = new EspFrameDecoder(natPort);
        for (PcapReader.Frame f = reader.next(); f != null; f = reader.next()) {
          switch (decoder.decode(reader.linkType(), f)) {
            case CapturedPacket.Esp esp -> {
              Verdict v = verifier.verify(esp);
              rows.add(v);
              if (v instanceof Verdict.Valid) {
                valid++;
              } else {
                failed++;
              }
            }
            case CapturedPacket.Malformed m -> {
              rows.add(m);
              failed++;
            }
            case CapturedPacket.NotEsp ignored -> skipped++;
          }
        }
      } catch (NoSuchFileException e) {
        return invalid("no such file: " + pcap);
      } catch (IOException e) {
        return invalid(pcap + ": " + e.getMessage());
      } catch (IllegalArgumentException e) {
        return invalid(e.getMessage());
      }
      if (json) {
        printJson(out, rows, valid, failed, skipped);
      } else {
        printTable(out, rows, valid, failed, skipped);
      }
      out.flush();
      return failed == 0 && valid > 0 ? 0 : EXIT_FAILED;
    }

    private int invalid(String message) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("bgp-ipsec esp verify: " + message);
      err.flush();
      return BgpIpsec.EXIT_INVALID;
    }

    private static void printTable(
        PrintWriter out, List<Object> rows, int valid, int failed, int skipped) {
      for (Object row : rows) {
        switch (row) {
          case Verdict.Valid v ->
              out.printf(
                  "%5d  %s  spi=%s seq=%d  ICV valid  %s%n",
                  v.packet().frame(),
                  endpoints(v.packet()),
                  spi(v.packet()),
                  v.sequence(),
                  inner(v));
          case Verdict.Invalid v ->
              out.printf(
                  "%5d  %s  spi=%s seq=%d  ICV INVALID (%s)%n",
                  v.packet().frame(),
                  endpoints(v.packet()),
                  spi(v.packet()),
                  v.sequence(),
                  v.reason());
          case Verdict.UnknownSpi v ->
              out.printf(
                  "%5d  %s  spi=%s  NO KEY for this SPI%n",
                  v.packet().frame(), endpoints(v.packet()), spi(v.packet()));
          case CapturedPacket.Malformed m ->
              out.printf("%5d  MALFORMED (%s)%n", m.frame(), m.what());
          default -> throw new IllegalStateException(row.toString());
        }
      }
      out.printf(
          "%d ESP packets valid, %d failed, %d other frames skipped%n", valid, failed, skipped);
    }

    private static String endpoints(CapturedPacket.Esp p) {
      return EspCaptureVerifier.describe(p.source(), p.sourcePort())
          + " -> "
          + EspCaptureVerifier.describe(p.destination(), p.destinationPort())
          + (p.udpEncapsulated() ? " (UDP)" : "");
    }

    private static String spi(CapturedPacket.Esp p) {
      byte[] e = p.esp();
      return "0x" + HexFormat.of().formatHex(e, 0, 4);
    }

    private static String inner(Verdict.Valid v) {
      String protocol = protocolName(v.nextHeader());
      return v.sourcePort() < 0
          ? protocol
          : protocol + " " + v.sourcePort() + " -> " + v.destinationPort();
    }

    private static String protocolName(int nextHeader) {
      return switch (nextHeader) {
        case 6 -> "TCP";
        case 17 -> "UDP";
        case 1 -> "ICMP";
        case 58 -> "ICMPv6";
        case 59 -> "none (dummy packet)";
        default -> "protocol " + nextHeader;
      };
    }

    private static void printJson(
        PrintWriter out, List<Object> rows, int valid, int failed, int skipped) {
      StringBuilder s = new StringBuilder("{\"packets\":[");
      boolean first = true;
      for (Object row : rows) {
        s.append(first ? "" : ",");
        first = false;
        switch (row) {
          case Verdict.Valid v -> {
            common(s, v.packet());
            s.append(",\"sequence\":").append(v.sequence()).append(",\"icvValid\":true");
            s.append(",\"nextHeader\":").append(v.nextHeader());
            s.append(",\"protocol\":\"").append(protocolName(v.nextHeader())).append('"');
            if (v.sourcePort() >= 0) {
              s.append(",\"innerSourcePort\":").append(v.sourcePort());
              s.append(",\"innerDestinationPort\":").append(v.destinationPort());
            }
            s.append('}');
          }
          case Verdict.Invalid v -> {
            common(s, v.packet());
            s.append(",\"sequence\":").append(v.sequence()).append(",\"icvValid\":false");
            s.append(",\"error\":\"").append(v.reason()).append("\"}");
          }
          case Verdict.UnknownSpi v -> {
            common(s, v.packet());
            s.append(",\"icvValid\":false,\"error\":\"NO_KEY\"}");
          }
          case CapturedPacket.Malformed m ->
              s.append("{\"frame\":")
                  .append(m.frame())
                  .append(",\"error\":\"MALFORMED\",\"detail\":\"")
                  .append(m.what().replace("\\", "\\\\").replace("\"", "\\\""))
                  .append("\"}");
          default -> throw new IllegalStateException(row.toString());
        }
      }
      s.append("],\"valid\":").append(valid);
      s.append(",\"failed\":").append(failed);
      s.append(",\"skipped\":").append(skipped).append('}');
      out.println(s);
    }

    private static void common(StringBuilder s, CapturedPacket.Esp p) {
      s.append("{\"frame\":").append(p.frame());
      s.append(",\"source\":\"").append(EspCaptureVerifier.format(p.source())).append('"');
      s.append(",\"destination\":\"")
          .append(EspCaptureVerifier.format(p.destination()))
          .append('"');
      s.append(",\"udpEncapsulated\":").append(p.udpEncapsulated());
      if (p.udpEncapsulated()) {
        s.append(",\"sourcePort\":").append(p.sourcePort());
        s.append(",\"destinationPort\":").append(p.destinationPort());
      }
      s.append(",\"spi\":\"").append(spi(p)).append('"');
    }
  }

  /**
   * Parses {@code spi=0x...,alg=NAME,key=HEX[,esn]}.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  static SaKeys parseSa(String text) {
    Long spi = null;
    EspAlgorithm algorithm = null;
    byte[] key = null;
    boolean esn = false;
    for (String part : text.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : p.substring(eq + 1).strip();
      switch (name) {
        case "spi" -> spi = parseSpi(value, text);
        case "alg" -> {
          String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
          algorithm =
              EspAlgorithm.byCliName(v)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "--sa '" + text + "': unknown alg '" + value + "'"));
        }
        case "key" -> key = parseHex(value, text);
        case "esn" -> {
          if (value != null) {
            throw new IllegalArgumentException("--sa '" + text + "': esn takes no value");
          }
          esn = true;
        }
        default ->
            throw new IllegalArgumentException("--sa '" + text + "': unknown field '" + name + "'");
      }
    }
    if (spi == null || algorithm == null || key == null) {
      throw new IllegalArgumentException("--sa '" + text + "': needs spi=, alg= and key=");
    }
    if (key.length != algorithm.keyMaterialLength()) {
      throw new IllegalArgumentException(
          "--sa '"
              + text
              + "': "
              + algorithm.cliName()
              + " needs a "
              + algorithm.keyMaterialLength()
              + "-byte key"
              + (algorithm == EspAlgorithm.NULL_HMAC_SHA256_128 ? "" : " (AES key + 4-byte salt)")
              + ", got "
              + key.length);
    }
    return new SaKeys((int) (long) spi, algorithm, key, esn);
  }

  private static long parseSpi(String value, String text) {
    try {
      long spi =
          value.toLowerCase(Locale.ROOT).startsWith("0x")
              ? Long.parseLong(value.substring(2), 16)
              : Long.parseLong(value);
      if (spi < 0 || spi > 0xFFFF_FFFFL) {
        throw new NumberFormatException();
      }
      return spi;
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("--sa '" + text + "': bad spi '" + value + "'");
    }
  }

  private static byte[] parseHex(String value, String text) {
    try {
      String v = value.toLowerCase(Locale.ROOT);
      return HexFormat.of().parseHex(v.startsWith("0x") ? v.substring(2) : v);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("--sa '" + text + "': key is not hex");
    }
  }
}
