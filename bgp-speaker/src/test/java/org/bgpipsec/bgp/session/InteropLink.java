package org.bgpipsec.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.bgpipsec.bgp.rib.Route;
import org.bgpipsec.bgp.wire.Prefix;

/**
 * What the BGP interop tests share: a network namespace for the other BGP daemon, joined to the
 * test's JVM by a veth pair (203.0.113.1/30 and 2001:db8:ff::1/64 on our side, .2 and ::2 in the
 * namespace; the host itself sits in 192.0.2.0/24 here), and small process and polling helpers.
 * Needs root and iproute2.
 */
final class InteropLink implements AutoCloseable {
  private final String namespace;
  private final String veth;

  private InteropLink(String namespace, String veth) {
    this.namespace = namespace;
    this.veth = veth;
  }

  /** Creates the namespace and the link; {@code tag} keeps concurrent tests apart. */
  static InteropLink create(String tag) throws Exception {
    long pid = ProcessHandle.current().pid();
    InteropLink link =
        new InteropLink("bgpi-" + tag + "-" + pid, "bgpi" + tag.charAt(0) + pid % 100000);
    String a = link.veth + "a";
    String b = link.veth + "b";
    run("ip", "netns", "add", link.namespace);
    run("ip", "link", "add", a, "type", "veth", "peer", "name", b);
    run("ip", "link", "set", b, "netns", link.namespace);
    run("ip", "addr", "add", "203.0.113.1/30", "dev", a);
    run("ip", "-6", "addr", "add", "2001:db8:ff::1/64", "dev", a, "nodad");
    run("ip", "link", "set", a, "up");
    link.ns("ip", "addr", "add", "203.0.113.2/30", "dev", b);
    link.ns("ip", "-6", "addr", "add", "2001:db8:ff::2/64", "dev", b, "nodad");
    link.ns("ip", "link", "set", b, "up");
    link.ns("ip", "link", "set", "lo", "up");
    return link;
  }

  /** The namespace's name, for {@code ip netns exec}. */
  String namespace() {
    return namespace;
  }

  /** Runs a command inside the namespace; it must succeed. */
  String ns(String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    return run(full.toArray(String[]::new));
  }

  @Override
  public void close() throws InterruptedException {
    runQuietly("ip", "link", "del", veth + "a");
    runQuietly("ip", "netns", "del", namespace);
  }

  /** Runs a command; it must exit 0 within 30 s. Returns its output. */
  static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  /** Runs a cleanup command whose failure does not matter. */
  static void runQuietly(String... command) throws InterruptedException {
    try {
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      // cleanup of something that was never created
    }
  }

  /** Polls {@code probe} for up to 30 s until {@code done}; returns the last value. */
  static <T> T eventually(Supplier<T> probe, Predicate<T> done) throws InterruptedException {
    T value = probe.get();
    for (int i = 0; i < 300 && !done.test(value); i++) {
      Thread.sleep(100);
      value = probe.get();
    }
    return value;
  }

  static Route find(List<Route> routes, String prefix) {
    return routes.stream()
        .filter(r -> r.prefix().equals(Prefix.parse(prefix)))
        .findFirst()
        .orElseThrow();
  }
}
