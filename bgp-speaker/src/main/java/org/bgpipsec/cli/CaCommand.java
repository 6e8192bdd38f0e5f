package org.bgpipsec.cli;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.bgpipsec.ike.auth.AsRange;
import org.bgpipsec.ike.auth.AsResources;
import org.bgpipsec.ike.auth.IpRange;
import org.bgpipsec.ike.auth.IpResources;
import org.bgpipsec.ike.auth.LocalCa;
import org.bgpipsec.ike.auth.Rfc3779;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bgp-ipsec ca}: a local CA for router certificates tied to AS numbers (RFC 3779). */
@Command(
    name = "ca",
    mixinStandardHelpOptions = true,
    description = {
      "A local CA for router certificates tied to AS numbers (RFC 3779).",
      "Each certificate carries its router's AS number and addresses in the RFC 3779",
      "extensions (sbgp-autonomousSysNum, sbgp-ipAddrBlock)."
    },
    subcommands = {CaCommand.Init.class, CaCommand.Issue.class, CaCommand.Show.class},
    footer = {
      "",
      "Example:",
      "  bgp-ipsec ca init --dir pki",
      "  bgp-ipsec ca issue --dir pki --name r1 --as 65001 --address 192.0.2.1"
    })
final class CaCommand implements Runnable {

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A picocli converter from a parse function whose errors are IllegalArgumentExceptions. */
  abstract static class ParsingConverter<T> implements CommandLine.ITypeConverter<T> {
    private final java.util.function.Function<String, T> parse;

    ParsingConverter(java.util.function.Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    public T convert(String value) {
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class KeyTypeConverter extends ParsingConverter<LocalCa.KeyType> {
    KeyTypeConverter() {
      super(LocalCa.KeyType::parse);
    }
  }

  static final class AsRangeConverter extends ParsingConverter<AsRange> {
    AsRangeConverter() {
      super(AsRange::parse);
    }
  }

  static final class IpRangeConverter extends ParsingConverter<IpRange> {
    IpRangeConverter() {
      super(IpRange::parse);
    }
  }

  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = {
        "Creates a CA (ca.crt, and ca.key with mode 0600) in a new directory. Its RFC 3779",
        "extensions hold the AS numbers and addresses it may certify (default: all)."
      },
      footer = {
        "",
        "Example:",
        "  bgp-ipsec ca init --dir pki --as 64512-65534 --address 192.0.2.0/24"
      })
  static final class Init implements Callable<Integer> {
    @Option(
        names = "--dir",
        required = true,
        paramLabel = "DIR",
        description = "Directory for ca.crt and ca.key.")
    Path dir;

    @Option(
        names = "--name",
        defaultValue = "bgp-ipsec local CA",
        description = "Common name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--key-type",
        defaultValue = "ecdsa-p256",
        converter = KeyTypeConverter.class,
        description = "ecdsa-p256 (default), rsa-2048, rsa-3072 or ed25519.")
    LocalCa.KeyType keyType;

    @Option(
        names = "--as",
        paramLabel = "AS[-AS]",
        converter = AsRangeConverter.class,
        split = ",",
        description = "AS numbers the CA may certify (repeatable; default 0-4294967295).")
    List<AsRange> as = new ArrayList<>();

    @Option(
        names = "--address",
        paramLabel = "PREFIX",
        converter = IpRangeConverter.class,
        split = ",",
        description = "Address blocks the CA may certify (repeatable; default 0.0.0.0/0 and ::/0).")
    List<IpRange> addresses = new ArrayList<>();

    @Option(
        names = "--days",
        defaultValue = "3650",
        description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<AsRange> asRanges = as.isEmpty() ? List.of(new AsRange(0, AsRange.MAX_AS)) : as;
      List<IpRange> blocks =
          addresses.isEmpty()
              ? List.of(IpRange.parse("0.0.0.0/0"), IpRange.parse("::/0"))
              : addresses;
      try {
        LocalCa ca =
            LocalCa.init(
                dir,
                name,
                keyType,
                AsResources.of(asRanges),
                IpResources.of(blocks),
                Duration.ofDays(days),
                Clock.systemUTC(),
                new SecureRandom());
        describe(
            spec.commandLine().getOut(),
            dir.resolve("ca.crt"),
            dir.resolve("ca.key"),
            ca.certificate());
        return 0;
      } catch (LocalCa.CaException e) {
        spec.commandLine().getErr().println("bgp-ipsec ca init: " + e.getMessage());
        return BgpIpsec.EXIT_INVALID;
      }
    }
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = {
        "Issues a router certificate: subject CN=NAME, subjectAltName with each address, and",
        "RFC 3779 extensions with its AS numbers and addresses (critical unless --non-critical;",
        "strongSwan 5.9 needs x509 { enforce_critical = no } for a critical AS extension).",
        "Writes NAME.crt and NAME.key (mode 0600)."
      },
      footer = {
        "",
        "Example:",
        "  bgp-ipsec ca issue --dir pki --name r1 --as 65001 --address 192.0.2.1"
      })
  static final class Issue implements Callable<Integer> {
    @Option(
        names = "--dir",
        required = true,
        paramLabel = "DIR",
        description = "The CA's directory.")
    Path dir;

    @Option(names = "--name", required = true, description = "The router's name (CN, file names).")
    String name;

    @Option(
        names = "--as",
        required = true,
        paramLabel = "AS[-AS]",
        converter = AsRangeConverter.class,
        split = ",",
        description = "The router's AS number(s) (repeatable).")
    List<AsRange> as;

    @Option(
        names = "--address",
        required = true,
        paramLabel = "ADDRESS",
        converter = IpRangeConverter.class,
        split = ",",
        description = "The router's address(es) or prefixes (repeatable).")
    List<IpRange> addresses;

    @Option(
        names = "--key-type",
        defaultValue = "ecdsa-p256",
        converter = KeyTypeConverter.class,
        description = "ecdsa-p256 (default), rsa-2048, rsa-3072 or ed25519.")
    LocalCa.KeyType keyType;

    @Option(
        names = "--days",
        defaultValue = "365",
        description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
        names = "--out",
        paramLabel = "DIR",
        description = "Where to write NAME.crt and NAME.key (default: the CA's directory).")
    Path out;

    @Option(names = "--non-critical", description = "Mark the RFC 3779 extensions non-critical.")
    boolean nonCritical;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        spec.commandLine()
            .getErr()
            .println(
                "bgp-ipsec ca issue: --name '"
                    + name
                    + "' must be letters, digits, '.', '_' or '-'");
        return BgpIpsec.EXIT_INVALID;
      }
      try {
        LocalCa ca = LocalCa.open(dir, Clock.systemUTC(), new SecureRandom());
        LocalCa.Issued issued =
            ca.issue(
                name,
                as,
                addresses,
                keyType,
                Duration.ofDays(days),
                !nonCritical,
                out == null ? dir : out);
        describe(
            spec.commandLine().getOut(), issued.certificate(), issued.privateKey(), issued.x509());
        return 0;
      } catch (LocalCa.CaException e) {
        spec.commandLine().getErr().println("bgp-ipsec ca issue: " + e.getMessage());
        return BgpIpsec.EXIT_INVALID;
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Prints a certificate's subject, validity and RFC 3779 AS numbers and addresses.",
      footer = {"", "Example:", "  bgp-ipsec ca show config/examples/pki/r1.crt"})
  static final class Show implements Callable<Integer> {
    @CommandLine.Parameters(paramLabel = "CERT", description = "A PEM certificate.")
    Path file;

    @Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try {
        X509Certificate c = LocalCa.Pem.readCertificate(file);
        describe(spec.commandLine().getOut(), file, null, c);
        return 0;
      } catch (LocalCa.CaException e) {
        spec.commandLine().getErr().println("bgp-ipsec ca show: " + e.getMessage());
        return BgpIpsec.EXIT_INVALID;
      }
    }
  }

  static void describe(java.io.PrintWriter out, Path crt, Path key, X509Certificate c) {
    out.println("certificate " + crt);
    if (key != null) {
      out.println("private key " + key + " (mode 0600)");
    }
    out.println("  subject   " + c.getSubjectX500Principal().getName());
    out.println("  issuer    " + c.getIssuerX500Principal().getName());
    out.println("  serial    " + HexFormat.of().formatHex(c.getSerialNumber().toByteArray()));
    out.println(
        "  valid     " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant());
    try {
      Rfc3779.Resources r = Rfc3779.of(c);
      boolean critical =
          c.getCriticalExtensionOIDs() != null
              && c.getCriticalExtensionOIDs().contains(Rfc3779.AUTONOMOUS_SYS_IDS_OID);
      out.println(
          "  AS        "
              + r.as().map(Object::toString).orElse("-")
              + (critical ? " (critical)" : ""));
      out.println(
          "  addresses "
              + r.ip()
                  .map(
                      ip ->
                          ip.families().stream()
                              .flatMap(f -> f.ranges().stream())
                              .toList()
                              .toString())
                  .orElse("-"));
    } catch (Rfc3779.DecodingException e) {
      out.println("  RFC 3779  malformed: " + e.getMessage());
    }
    out.flush();
  }
}
