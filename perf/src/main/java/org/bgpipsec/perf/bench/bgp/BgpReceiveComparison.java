package org.bgpipsec.perf.bench.bgp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Issue 7, acceptance 5: the time for our speaker to receive N IPv4 prefixes from a generator, and
 * in the same run the time for BIRD to receive the same stream from the same generator, with the
 * peak RSS (VmHWM) of both and our heap per prefix.
 *
 * <p>The comparison is built to be fair both ways:
 *
 * <ul>
 *   <li>Same transport: both receivers run, one after the other, in one network namespace the
 *       benchmark creates (veth 198.51.100.253/30 generator in the root namespace, .254 the
 *       receiver, port 179, kernel TCP) and removes.
 *   <li>Same clock: from the first UPDATE octet the generator writes until a poll sees every prefix
 *       installed. Both receivers are polled the same way, every millisecond, over a connection
 *       kept open, with a question that costs the receiver O(1): ours is asked for the size of its
 *       Loc-RIB (a task on its event loop, over a pipe), BIRD for its channel's import counter
 *       ({@code show protocols all}, "Routes: N imported", over its control socket).
 *   <li>Our JVM as a daemon has it: the timed child JVM is started with the {@code bgp-ipsec}
 *       launcher's option ({@code --enable-native-access=ALL-UNNAMED}) and the given ones (none by
 *       default) and is not touched before the first session: no warm-up, no explicit GC. The heap
 *       per prefix is measured in a second child JVM (a full GC before and after one session), so
 *       that its GCs cannot shape the timed one.
 * </ul>
 *
 * <p>Each receiver gets the table twice: the first session after start (for us, a cold JIT), then
 * after the generator closed the connection and every route was withdrawn, the second (warm).
 *
 * <p>Needs root and bird2. Usage: {@code java -cp perf/target/perf.jar:perf/target/lib/* \
 * org.bgpipsec.perf.bench.bgp.BgpReceiveComparison [prefixes] [child JVM options]}.
 */
public final class BgpReceiveComparison {
  private static final String NS = "bgpperf-bench-" + ProcessHandle.current().pid();
  private static final String VETH = "bgpperf" + (ProcessHandle.current().pid() % 100000);
  private static final String GENERATOR = "198.51.100.253";
  private static final String RECEIVER = "198.51.100.254";
  private static final long IDLE_POLL_MS = 50;
  private static final int CLOCK_TICKS = 100; // USER_HZ on Linux

  private BgpReceiveComparison() {}

  public static void main(String[] args) throws Exception {
    int prefixes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> jvmOptions = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      jvmOptions.add(args[i]);
    }
    Inet4Address generatorAddress = (Inet4Address) InetAddress.ofLiteral(GENERATOR);
    long t0 = System.nanoTime();
    UpdateGenerator generator = new UpdateGenerator(65001, 0x0a000001, generatorAddress, prefixes);
    System.out.printf(
        "generator: %d prefixes in %d UPDATEs, encoded in %d ms%n",
        prefixes, generator.updates(), (System.nanoTime() - t0) / 1_000_000);

    String loadBefore = loadAverage();
    Result ours;
    Result bird;
    double heapPerPrefix;
    try {
      namespaceUp();
      ours = runOurs(generator, prefixes, jvmOptions);
      bird = runBird(generator, prefixes);
      heapPerPrefix = ourHeapPerPrefix(generator, prefixes, jvmOptions);
    } finally {
      namespaceDown();
    }

    System.out.printf("load average: %s before, %s after%n", loadBefore, loadAverage());
    System.out.printf(
        "%-22s %12s %12s %12s %12s %14s%n",
        "receiver", "1st (ms)", "1st CPU (ms)", "2nd (ms)", "2nd CPU (ms)", "peak RSS (MiB)");
    print("bgp-ipsec (JDK " + Runtime.version().feature() + ")", ours);
    print("BIRD 2.0.12", bird);
    System.out.printf(
        "ratio ours/BIRD: 1st %.2f (CPU %.2f), 2nd %.2f (CPU %.2f)%n",
        ours.millis() / bird.millis(),
        ours.cpuMillis() / bird.cpuMillis(),
        ours.secondMillis() / bird.secondMillis(),
        ours.secondCpuMillis() / bird.secondCpuMillis());
    System.out.printf(
        "our heap per prefix (Adj-RIB-In + Loc-RIB, after full GC): %.1f octets%n", heapPerPrefix);
  }

  private static void print(String name, Result r) {
    System.out.printf(
        "%-22s %12.1f %12.0f %12.1f %12.0f %14.1f%n",
        name, r.millis(), r.cpuMillis(), r.secondMillis(), r.secondCpuMillis(), r.rssKb / 1024.0);
  }

  /**
   * @param nanos the first session after start (for us: a cold JIT)
   * @param secondNanos the same table again after the session was reset (warm)
   * @param cpuTicks CPU time the receiver used during the first session, every thread
   * @param secondCpuTicks the same for the second session
   */
  private record Result(
      long nanos, long secondNanos, long cpuTicks, long secondCpuTicks, long rssKb) {
    double millis() {
      return nanos / 1e6;
    }

    double secondMillis() {
      return secondNanos / 1e6;
    }

    double cpuMillis() {
      return cpuTicks * 1000.0 / CLOCK_TICKS;
    }

    double secondCpuMillis() {
      return secondCpuTicks * 1000.0 / CLOCK_TICKS;
    }
  }

  /** Our speaker in a child JVM inside the namespace, talking over its stdin and stdout. */
  private static final class OurSpeaker implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    OurSpeaker(List<String> jvmOptions) throws IOException {
      List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", NS));
      command.add(ProcessHandle.current().info().command().orElse("java"));
      // The launcher's own option (repository root script bgp-ipsec), so that Netty may use the
      // FFM API for its direct buffers as it does in the product.
      command.add("--enable-native-access=ALL-UNNAMED");
      command.addAll(jvmOptions);
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              SpeakerUnderTest.class.getName(),
              RECEIVER,
              "179",
              "65002",
              GENERATOR,
              "65001"));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
      if (!"ready".equals(reply())) {
        throw new IllegalStateException("speaker did not start");
      }
    }

    /** Routes in the Loc-RIB. */
    long routes() {
      in.println("count");
      try {
        return Long.parseLong(reply().trim().split(" ")[1]);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Heap in use after a full GC, octets. */
    long heap() throws IOException {
      in.println("heap");
      return Long.parseLong(reply().trim());
    }

    /**
     * The next line of the speaker's answers, skipping the JVM's own log lines ("[...]"), which
     * diagnostic options such as {@code -XX:StartFlightRecording} or {@code -Xlog} print there.
     */
    private String reply() throws IOException {
      String line;
      do {
        line = out.readLine();
      } while (line != null && line.startsWith("["));
      return line;
    }

    long pid() {
      return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
      in.println("quit");
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static Result runOurs(UpdateGenerator generator, int prefixes, List<String> jvmOptions)
      throws Exception {
    try (OurSpeaker speaker = new OurSpeaker(jvmOptions)) {
      InetSocketAddress target = new InetSocketAddress(RECEIVER, 179);
      long cpu0 = cpuTicks(speaker.pid());
      Map<String, Long> threads0 = threadTicks(speaker.pid());
      long first = generator.feed(target, speaker::routes, prefixes);
      long cpu1 = cpuTicks(speaker.pid());
      printThreadTicks("1st session", threads0, threadTicks(speaker.pid()));
      // The generator closed its connection: wait until the routes are gone and the session
      // listens again, then send the same table to the warm speaker.
      waitForNoRoutes(speaker::routes);
      long cpu2 = cpuTicks(speaker.pid());
      Map<String, Long> threads2 = threadTicks(speaker.pid());
      long second = generator.feed(target, speaker::routes, prefixes);
      long cpu3 = cpuTicks(speaker.pid());
      printThreadTicks("2nd session", threads2, threadTicks(speaker.pid()));
      return new Result(first, second, cpu1 - cpu0, cpu3 - cpu2, vmHwmKb(speaker.pid()));
    }
  }

  /** Heap per prefix in a JVM of its own: a full GC before and after one session. */
  private static double ourHeapPerPrefix(
      UpdateGenerator generator, int prefixes, List<String> jvmOptions) throws Exception {
    try (OurSpeaker speaker = new OurSpeaker(jvmOptions)) {
      long before = speaker.heap();
      generator.feed(new InetSocketAddress(RECEIVER, 179), speaker::routes, prefixes);
      return (speaker.heap() - before) / (double) prefixes;
    }
  }

  private static Result runBird(UpdateGenerator generator, int prefixes) throws Exception {
    Path dir = Files.createTempDirectory("bgpperf-bench-bird");
    Process bird = null;
    try {
      Files.writeString(
          dir.resolve("bird.conf"),
          """
          router id %s;
          protocol device {}
          protocol bgp gen {
            local %s as 65002;
            neighbor %s as 65001;
            passive on;
            ipv4 { import all; export none; };
          }
          """
              .formatted(RECEIVER, RECEIVER, GENERATOR));
      Path sock = dir.resolve("bird.ctl");
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
                  sock.toString(),
                  "-P",
                  dir.resolve("bird.pid").toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("bird.out").toFile())
              .start();
      for (int i = 0; i < 100 && !Files.exists(dir.resolve("bird.pid")); i++) {
        Thread.sleep(50);
      }
      long birdPid = Long.parseLong(Files.readString(dir.resolve("bird.pid")).trim());
      try (BirdControl control = BirdControl.connect(sock)) {
        LongSupplier imported = () -> control.imported("gen");
        InetSocketAddress target = new InetSocketAddress(RECEIVER, 179);
        long cpu0 = cpuTicks(birdPid);
        long first = generator.feed(target, imported, prefixes);
        long cpu1 = cpuTicks(birdPid);
        // The table is flushed after the session is down: wait until it is empty (`show route
        // count` walks the table, so it is asked only now, not while timing).
        waitForNoRoutes(control::tableRoutes);
        long cpu2 = cpuTicks(birdPid);
        long second = generator.feed(target, imported, prefixes);
        long cpu3 = cpuTicks(birdPid);
        return new Result(first, second, cpu1 - cpu0, cpu3 - cpu2, vmHwmKb(birdPid));
      }
    } finally {
      if (bird != null) {
        bird.destroy();
        bird.waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Waits until the receiver holds no route, then half a second for the session to restart. */
  private static void waitForNoRoutes(LongSupplier routes) throws InterruptedException {
    while (routes.getAsLong() > 0) {
      Thread.sleep(IDLE_POLL_MS);
    }
    Thread.sleep(500);
  }

  private static void namespaceUp() throws Exception {
    run("ip", "netns", "add", NS);
    run("ip", "link", "add", VETH + "a", "type", "veth", "peer", "name", VETH + "b");
    run("ip", "link", "set", VETH + "b", "netns", NS);
    run("ip", "addr", "add", GENERATOR + "/30", "dev", VETH + "a");
    run("ip", "link", "set", VETH + "a", "up");
    run("ip", "netns", "exec", NS, "ip", "addr", "add", RECEIVER + "/30", "dev", VETH + "b");
    run("ip", "netns", "exec", NS, "ip", "link", "set", VETH + "b", "up");
    run("ip", "netns", "exec", NS, "ip", "link", "set", "lo", "up");
  }

  private static void namespaceDown() {
    runQuietly("ip", "link", "del", VETH + "a");
    runQuietly("ip", "netns", "del", NS);
  }

  /**
   * CPU time of every thread of a process, living or gone (utime + stime of /proc/PID/stat), in
   * clock ticks.
   */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * CPU time of each living thread of a process, in clock ticks, summed by thread name (the JIT's
   * "C2 CompilerThre0" and "C1 CompilerThre0", the event loop's "multiThreadIoEv", GC workers).
   */
  private static Map<String, Long> threadTicks(long pid) throws IOException {
    Map<String, Long> ticks = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks.merge(
              name.replaceAll("[0-9]+$", ""),
              Long.parseLong(f[11]) + Long.parseLong(f[12]),
              Long::sum);
        } catch (IOException e) {
          // the thread ended meanwhile
        }
      }
    }
    return ticks;
  }

  /** Where our receiver's CPU time went during a session, by thread name (10 ms or more). */
  private static void printThreadTicks(
      String what, Map<String, Long> before, Map<String, Long> after) {
    StringBuilder line = new StringBuilder("our CPU by thread, " + what + " (ms):");
    after.forEach(
        (name, ticks) -> {
          long ms = (ticks - before.getOrDefault(name, 0L)) * 1000 / CLOCK_TICKS;
          if (ms >= 10) {
            line.append(' ').append(name.strip()).append('=').append(ms);
          }
        });
    System.out.println(line);
  }

  /** The 1, 5 and 15 minute load averages. */
  private static String loadAverage() throws IOException {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }

  private static long vmHwmKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static String run(String... command) throws Exception {
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
