package org.bgpipsec.perf.bench.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 7, acceptance 5: the time for our speaker to receive N IPv4 prefixes from a generator, and
 * in the same run the time for BIRD to receive the same stream from the same generator, with the
 * peak RSS (VmHWM) of both and our heap per prefix.
 *
 * <p>Ours runs in a child JVM on loopback; BIRD runs in a network namespace the benchmark creates
 * (veth 203.0.113.1/30 generator, .2 BIRD) and removes. Needs root and bird2. Usage: {@code java
 * -cp perf/target/perf.jar:perf/target/lib/* \ org.bgpipsec.perf.bench.bgp.BgpReceiveComparison
 * [prefixes] [child JVM options]}.
 */
public final class BgpReceiveComparison {
  private static final String NS = "bgpi-bench-" + ProcessHandle.current().pid();
  private static final String VETH = "bgpiq" + (ProcessHandle.current().pid() % 100000);
  private static final long POLL_MS = 50;

  private BgpReceiveComparison() {}

  public static void main(String[] args) throws Exception {
    int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> jvmOptions = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      jvmOptions.add(args[i]);
    }
    Inet4Address generatorAddress = (Inet4Address) InetAddress.ofLiteral("203.0.113.1");
    long t0 = System.nanoTime();
    UpdateGenerator generator = new UpdateGenerator(65001, 0x0a000001, generatorAddress, prefixes);
    System.out.printf(
        "generator: %d prefixes in %d UPDATEs, encoded in %d ms%n",
        prefixes, generator.updates(), (System.nanoTime() - t0) / 1_000_000);

    Result ours = runOurs(generator, prefixes, jvmOptions);
    Result bird = runBird(generator, prefixes);

    System.out.println();
    System.out.printf(
        "%-26s %16s %16s %14s%n",
        "receiver", "1st session (ms)", "2nd session (ms)", "peak RSS (MiB)");
    System.out.printf(
        "%-26s %16d %16d %14.1f%n",
        "bgp-ipsec (JDK " + Runtime.version().feature() + ")",
        ours.millis,
        ours.secondMillis,
        ours.rssKb / 1024.0);
    System.out.printf(
        "%-26s %16d %16d %14.1f%n",
        "BIRD 2.0.12", bird.millis, bird.secondMillis, bird.rssKb / 1024.0);
    System.out.printf(
        "ratio ours/BIRD: 1st %.2f, 2nd %.2f%n",
        (double) ours.millis / bird.millis, (double) ours.secondMillis / bird.secondMillis);
    System.out.printf(
        "our heap per prefix (Adj-RIB-In + Loc-RIB, after full GC): %.1f octets%n",
        ours.heapPerPrefix);
  }

  /**
   * @param millis the first session after start (for us: a cold JIT)
   * @param secondMillis the same table again after the session was reset (warm)
   */
  private record Result(long millis, long secondMillis, long rssKb, double heapPerPrefix) {}

  private static Result runOurs(UpdateGenerator generator, int prefixes, List<String> jvmOptions)
      throws Exception {
    int port = 11179;
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            SpeakerUnderTest.class.getName(),
            "127.0.0.1",
            Integer.toString(port),
            "65002",
            "127.0.0.1",
            "65001"));
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8);
      if (!"ready".equals(out.readLine())) {
        throw new IllegalStateException("speaker did not start");
      }
      in.println("heap");
      long before = Long.parseLong(out.readLine().trim());
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
      long nanos = generator.feed(target, () -> countReaches(in, out, prefixes, true));
      in.println("heap");
      long after = Long.parseLong(out.readLine().trim());
      // The generator closed its connection: wait until the routes are gone and the session
      // listens again, then send the same table to the warm speaker.
      while (!countReaches(in, out, 0, false)) {
        Thread.sleep(POLL_MS);
      }
      Thread.sleep(500);
      long second = generator.feed(target, () -> countReaches(in, out, prefixes, true));
      long rss = vmHwmKb(child.pid());
      in.println("quit");
      child.waitFor(10, TimeUnit.SECONDS);
      return new Result(
          nanos / 1_000_000, second / 1_000_000, rss, (after - before) / (double) prefixes);
    } finally {
      child.destroyForcibly();
    }
  }

  private static Result runBird(UpdateGenerator generator, int prefixes) throws Exception {
    Path dir = Files.createTempDirectory("bgpi-bench-bird");
    Process bird = null;
    try {
      run("ip", "netns", "add", NS);
      run("ip", "link", "add", VETH + "a", "type", "veth", "peer", "name", VETH + "b");
      run("ip", "link", "set", VETH + "b", "netns", NS);
      run("ip", "addr", "add", "203.0.113.1/30", "dev", VETH + "a");
      run("ip", "link", "set", VETH + "a", "up");
      run("ip", "netns", "exec", NS, "ip", "addr", "add", "203.0.113.2/30", "dev", VETH + "b");
      run("ip", "netns", "exec", NS, "ip", "link", "set", VETH + "b", "up");
      run("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up");
      Files.writeString(
          dir.resolve("bird.conf"),
          """
          router id 203.0.113.2;
          protocol device {}
          protocol bgp gen {
            local 203.0.113.2 as 65002;
            neighbor 203.0.113.1 as 65001;
            passive on;
            ipv4 { import all; export none; };
          }
          """);
      String sock = dir.resolve("bird.ctl").toString();
      bird =
          new ProcessBuilder(
                  "ip",
                  "netns",
                  "exec",
                  NS,
                  "bird",
                  "-f",
                  "-c",
                  dir.resolve("bird.conf").toString(),
                  "-s",
                  sock,
                  "-P",
                  dir.resolve("bird.pid").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("bird.out").toFile())
              .start();
      for (int i = 0; i < 100 && !Files.exists(dir.resolve("bird.pid")); i++) {
        Thread.sleep(50);
      }
      Thread.sleep(300);
      long birdPid = Long.parseLong(Files.readString(dir.resolve("bird.pid")).trim());
      InetSocketAddress target = new InetSocketAddress("203.0.113.2", 179);
      long nanos = generator.feed(target, () -> birdReaches(sock, prefixes, true));
      while (!birdReaches(sock, 0, false)) {
        Thread.sleep(POLL_MS);
      }
      Thread.sleep(500);
      long second = generator.feed(target, () -> birdReaches(sock, prefixes, true));
      return new Result(nanos / 1_000_000, second / 1_000_000, vmHwmKb(birdPid), Double.NaN);
    } finally {
      if (bird != null) {
        bird.destroy();
        bird.waitFor(5, TimeUnit.SECONDS);
      }
      runQuietly("ip", "link", "del", VETH + "a");
      runQuietly("ip", "netns", "del", NS);
    }
  }

  /** Whether our speaker holds at least (or, with {@code atLeast} false, at most) n routes. */
  private static boolean countReaches(PrintWriter in, BufferedReader out, int n, boolean atLeast) {
    in.println("count");
    try {
      int received = Integer.parseInt(out.readLine().trim().split(" ")[0]);
      boolean done = atLeast ? received >= n : received <= n;
      if (!done && atLeast) {
        Thread.sleep(POLL_MS);
      }
      return done;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean birdReaches(String sock, int n, boolean atLeast) {
    try {
      long routes = birdRoutes(sock);
      boolean done = atLeast ? routes >= n : routes <= n;
      if (!done && atLeast) {
        Thread.sleep(POLL_MS);
      }
      return done;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Routes in master4 per `birdc show route count` ("N of M routes for K networks"). */
  private static long birdRoutes(String sock) throws Exception {
    String out = run("birdc", "-s", sock, "show route count");
    for (String line : out.split("\n")) {
      int of = line.indexOf(" of ");
      if (of > 0 && line.contains("routes")) {
        return Long.parseLong(line.substring(0, of).trim());
      }
    }
    return 0;
  }

  private static long vmHwmKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }
    return out;
  }

  private static void runQuietly(String... command) {
    try {
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // nothing to clean up
    }
  }
}
