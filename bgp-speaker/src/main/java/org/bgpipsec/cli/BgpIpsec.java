package org.bgpipsec.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bgp-ipsec} command: BGP protected by IPsec, as in RFC 5406 section 9. */
@Command(
    name = "bgp-ipsec",
    mixinStandardHelpOptions = true,
    versionProvider = BgpIpsec.Version.class,
    description = {
      "A BGP-4 speaker whose TCP session to port 179 runs inside ESP (transport mode,",
      "integrity-only by default, UDP-encapsulated per RFC 3948) keyed by IKEv2.",
      ""
    },
    subcommands = {
      RunCommand.class,
      DemoCommand.class,
      ProfileCommand.class,
      ConfigCommand.class,
      CaCommand.class,
      EspCommand.class,
      ShowCommand.class,
      RekeyCommand.class,
      RouteCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  bgp-ipsec demo",
      "  bgp-ipsec run -c config/examples/r1-psk.yaml",
      "  bgp-ipsec profile -c config/examples/r1-psk.yaml",
      "  bgp-ipsec config check -c config/examples/r1-cert.yaml"
    })
public final class BgpIpsec implements Runnable {

  /** Exit status for invalid input (a broken configuration file, bad arguments). */
  public static final int EXIT_INVALID = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line, with every {@link CommandExtension} found on the class path. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new BgpIpsec());
    for (CommandExtension extension : ServiceLoader.load(CommandExtension.class)) {
      extension.commands().forEach(cl::addSubcommand);
    }
    cl.setParameterExceptionHandler(BgpIpsec::usageError);
    cl.setExecutionExceptionHandler(BgpIpsec::failure);
    // Descriptions are written as lines of up to about 95 characters; at picocli's default 80
    // columns they would break mid-sentence. Applies to every subcommand added above.
    cl.setUsageHelpWidth(100);
    return cl;
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("bgp-ipsec: " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
    return EXIT_INVALID;
  }

  /**
   * A command that throws instead of answering itself: bad input found while running (an
   * IllegalArgumentException, e.g. an unknown perf suite) exits 2 with its message, anything else
   * exits 1 with the exception's class and message; never a stack trace (set {@code
   * BGP_IPSEC_DEBUG=1} to see one).
   */
  private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    PrintWriter err = cl.getErr();
    String name = cl.getCommandSpec().qualifiedName();
    if (System.getenv("BGP_IPSEC_DEBUG") != null) {
      e.printStackTrace(err);
    }
    if (e instanceof IllegalArgumentException) {
      err.println(name + ": " + e.getMessage());
      err.println("Try '" + name + " --help'.");
      return EXIT_INVALID;
    }
    err.println(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
    return 1;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Reads the version that the build wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = BgpIpsec.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "bgp-ipsec " + p.getProperty("version", "(unknown version)"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
