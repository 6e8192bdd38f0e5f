package org.bgpipsec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Secrets never appear in logs (issue 10): every byte the program writes while it runs, at the most
 * verbose log level there is, is captured (the command's stdout and stderr, System.out and
 * System.err of every thread, and every java.util.logging record, which is where Netty logs when no
 * other logging framework is present), and searched for the secrets in every spelling: the
 * pre-shared key as in its file (base64), its bytes in hex, upper and lower case, and any 8-byte
 * piece of the IKE SA keys (SK_e, SK_a from the Wireshark key log the run was asked to write), and
 * the lines of the private keys' PEM.
 */
class SecretsInLogsTest {
  final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  final List<String> records = new ArrayList<>();
  final Logger root = Logger.getLogger("");
  PrintStream savedOut;
  PrintStream savedErr;
  Level savedLevel;
  Handler handler;
  InternalLoggerFactory savedNetty;

  @TempDir Path dir;

  @BeforeEach
  void captureEverything() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(tee(savedOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(savedErr), true, StandardCharsets.UTF_8));
    savedLevel = root.getLevel();
    root.setLevel(Level.ALL);
    SimpleFormatter format = new SimpleFormatter();
    handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (records) {
              records.add(format.format(r));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    savedNetty = InternalLoggerFactory.getDefaultFactory();
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
    root.removeHandler(handler);
    root.setLevel(savedLevel);
    InternalLoggerFactory.setDefaultFactory(savedNetty);
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (captured) {
          captured.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (captured) {
          captured.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
  }

  /** Runs a command with its own stdout and stderr, which are part of what is searched. */
  String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cl = BgpIpsec.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int exit = cl.execute(args);
    assertThat(exit).as("exit of %s: %s", List.of(args), out).isZero();
    return out.toString();
  }

  String everything(String... commandOutputs) {
    StringBuilder all = new StringBuilder();
    for (String s : commandOutputs) {
      all.append(s).append('\n');
    }
    synchronized (captured) {
      all.append(captured.toString(StandardCharsets.UTF_8)).append('\n');
    }
    synchronized (records) {
      records.forEach(all::append);
    }
    return all.toString();
  }

  @Test
  void theDemoLogsNeitherThePreSharedKeyNorTheIkeKeys() throws Exception {
    Path keyLog = dir.resolve("keys.txt");
    String out = run("demo", "--psk", "--keep", "--keylog", keyLog.toString(), "--timeout", "20");
    Matcher m = Pattern.compile("fresh 32-byte key in (\\S+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    Path demoDir = Path.of(m.group(1));
    String pskText = Files.readString(demoDir.resolve("r1-r2.psk")).trim();
    byte[] psk = Base64.getDecoder().decode(pskText);
    assertThat(psk).hasSize(32);
    List<byte[]> ikeKeys = ikeKeys(keyLog);
    // The capture sees what it must: a FINEST record, and System.err of another thread.
    Logger.getLogger("org.bgpipsec.canary").finest("canary-finest");
    Thread.ofPlatform().start(() -> System.err.println("canary-stderr")).join();
    String all = everything(out);
    assertThat(all).contains("canary-finest").contains("canary-stderr");
    // The run did log: the narration and the summary are there.
    assertThat(all).contains("Established").contains("Summary");
    assertThat(all).doesNotContain(pskText);
    assertThat(all).doesNotContain(pskText.replace("=", ""));
    assertThat(all).doesNotContain(new String(psk, StandardCharsets.ISO_8859_1));
    assertNoHexPiece(all, psk);
    for (byte[] k : ikeKeys) {
      assertNoHexPiece(all, k);
    }
    delete(demoDir);
  }

  @Test
  void theCertificateDemoLogsNeitherPrivateKeysNorTheIkeKeys() throws Exception {
    Path keyLog = dir.resolve("keys.txt");
    String out = run("demo", "--keep", "--keylog", keyLog.toString(), "--timeout", "20");
    Matcher m = Pattern.compile("configurations in (\\S+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    Path demoDir = Path.of(m.group(1));
    List<byte[]> ikeKeys = ikeKeys(keyLog);
    String all = everything(out);
    assertThat(all).contains("certified").contains("Established").contains("Summary");
    for (Path key :
        List.of(
            demoDir.resolve("ca/ca.key"), demoDir.resolve("r1.key"), demoDir.resolve("r2.key"))) {
      assertNoPemBody(all, Files.readString(key));
    }
    for (byte[] k : ikeKeys) {
      assertNoHexPiece(all, k);
    }
    delete(demoDir);
  }

  /** SK_ei, SK_er, SK_ai and SK_ar of every IKE SA in a Wireshark IKEv2 key log. */
  static List<byte[]> ikeKeys(Path keyLog) throws java.io.IOException {
    List<byte[]> ikeKeys = new ArrayList<>();
    for (String line : Files.readAllLines(keyLog)) {
      String[] f = line.split(",");
      // SPIi, SPIr, SK_ei, SK_er, "enc", SK_ai, SK_ar, "integ": the SPIs are public.
      for (int i : new int[] {2, 3, 5, 6}) {
        if (!f[i].isEmpty()) {
          ikeKeys.add(HexFormat.of().parseHex(f[i]));
        }
      }
    }
    assertThat(ikeKeys).as("the key log has SK_ei and SK_er").hasSizeGreaterThanOrEqualTo(2);
    return ikeKeys;
  }

  static void delete(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void certificateCommandsNeverPrintAPrivateKey() throws Exception {
    Path ca = dir.resolve("ca");
    String init =
        run(
            "ca",
            "init",
            "--dir",
            ca.toString(),
            "--as",
            "65000-65010",
            "--address",
            "127.0.0.0/8");
    String issue =
        run(
            "ca",
            "issue",
            "--dir",
            ca.toString(),
            "--name",
            "r1",
            "--as",
            "65001",
            "--address",
            "127.0.0.1");
    String show = run("ca", "show", ca.resolve("r1.crt").toString());
    Path examples = Path.of("..", "config", "examples");
    String check = run("config", "check", "-c", examples.resolve("r1-cert.yaml").toString());
    String profile = run("profile", "-c", examples.resolve("r1-cert.yaml").toString());
    String all = everything(init, issue, show, check, profile);
    assertThat(all).contains("r1");
    for (Path key :
        List.of(ca.resolve("ca.key"), ca.resolve("r1.key"), examples.resolve("pki/r1.key"))) {
      assertNoPemBody(all, Files.readString(key));
    }
  }

  /** No line of the PEM body (64 base64 characters each) and no 8-byte piece of it in hex. */
  static void assertNoPemBody(String all, String pem) {
    StringBuilder body = new StringBuilder();
    for (String line : pem.split("\n")) {
      if (!line.startsWith("-----") && !line.isBlank()) {
        assertThat(all).as("a PEM line of a private key").doesNotContain(line.trim());
        body.append(line.trim());
      }
    }
    assertThat(body).isNotEmpty();
    assertNoHexPiece(all, Base64.getDecoder().decode(body.toString()));
  }

  /** No 8-byte piece of {@code secret}, in hex of either case, anywhere in {@code all}. */
  static void assertNoHexPiece(String all, byte[] secret) {
    String lower = all.toLowerCase(Locale.ROOT);
    String hex = HexFormat.of().formatHex(secret);
    for (int i = 0; i + 16 <= hex.length(); i += 2) {
      String piece = hex.substring(i, i + 16);
      assertThat(lower.contains(piece)).as("8 secret bytes in hex at offset %d", i / 2).isFalse();
    }
  }
}
