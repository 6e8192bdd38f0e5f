package org.bgpipsec.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bgpipsec.config.yaml.YamlNode;

/**
 * Readers for scalar fields. Each reports a problem at the node and returns empty when the value
 * does not fit.
 */
final class Values {
  private Values() {}

  /** Largest AS number (RFC 6793: four octets). */
  static final long MAX_AS = 0xFFFF_FFFFL;

  /** AS_TRANS (RFC 6793 section 9): a placeholder on the wire, never a speaker's AS. */
  static final long AS_TRANS = 23456;

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|h|m|s|d)");

  static Optional<String> string(YamlNode node, String path, Problems p) {
    if (node instanceof YamlNode.Scalar s) {
      return Optional.of(s.text());
    }
    p.add(node.location(), path, "expected a single value, found " + node.kind());
    return Optional.empty();
  }

  static Optional<Long> integer(YamlNode node, String path, long min, long max, Problems p) {
    return string(node, path, p)
        .flatMap(
            text -> {
              long v;
              try {
                v = Long.parseLong(text.trim());
              } catch (NumberFormatException e) {
                p.add(node.location(), path, "'" + text + "' is not a whole number");
                return Optional.empty();
              }
              if (v < min || v > max) {
                p.add(node.location(), path, v + " is out of range " + min + ".." + max);
                return Optional.empty();
              }
              return Optional.of(v);
            });
  }

  static Optional<Integer> port(YamlNode node, String path, Problems p) {
    return integer(node, path, 1, 65535, p).map(Long::intValue);
  }

  static Optional<Boolean> bool(YamlNode node, String path, Problems p) {
    return string(node, path, p)
        .flatMap(
            text ->
                switch (text.trim().toLowerCase(Locale.ROOT)) {
                  case "true", "yes", "on" -> Optional.of(true);
                  case "false", "no", "off" -> Optional.of(false);
                  default -> {
                    p.add(node.location(), path, "'" + text + "' is not true or false");
                    yield Optional.empty();
                  }
                });
  }

  /** An AS number: 1..4294967295, not AS_TRANS; asdot notation (1.10) is accepted. */
  static Optional<Long> asNumber(YamlNode node, String path, Problems p) {
    return string(node, path, p)
        .flatMap(
            text -> {
              String t = text.trim();
              long v;
              try {
                int dot = t.indexOf('.');
                if (dot > 0) {
                  long hi = Long.parseLong(t.substring(0, dot));
                  long lo = Long.parseLong(t.substring(dot + 1));
                  if (hi > 0xFFFF || lo > 0xFFFF || hi < 0 || lo < 0) {
                    throw new NumberFormatException();
                  }
                  v = hi << 16 | lo;
                } else {
                  v = Long.parseLong(t);
                }
              } catch (NumberFormatException e) {
                p.add(node.location(), path, "'" + text + "' is not an AS number (1..4294967295)");
                return Optional.empty();
              }
              if (v < 1 || v > MAX_AS) {
                p.add(
                    node.location(),
                    path,
                    "AS " + v + " is out of range 1..4294967295 (AS 0 is reserved, RFC 7607)");
                return Optional.empty();
              }
              if (v == AS_TRANS) {
                p.add(
                    node.location(),
                    path,
                    "AS 23456 is AS_TRANS, a placeholder for 4-octet AS numbers on the wire"
                        + " (RFC 6793); it is nobody's AS");
                return Optional.empty();
              }
              return Optional.of(v);
            });
  }

  /** An IP address literal; host names are refused (no DNS lookups for routing peers). */
  static Optional<InetAddress> address(YamlNode node, String path, Problems p) {
    return string(node, path, p).flatMap(text -> parseAddress(text.trim(), node, path, p));
  }

  static Optional<InetAddress> parseAddress(String text, YamlNode node, String path, Problems p) {
    Optional<InetAddress> a = literal(text);
    if (a.isEmpty()) {
      p.add(node.location(), path, "'" + text + "' is not an IPv4 or IPv6 address");
    }
    return a;
  }

  /** Parses an IP literal without any name lookup. */
  static Optional<InetAddress> literal(String text) {
    if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.matches("[0-9.]+"))) {
      return Optional.empty();
    }
    if (text.indexOf(':') < 0
        && !text.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.ofLiteral(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Optional<Inet4Address> ipv4(YamlNode node, String path, Problems p) {
    return address(node, path, p)
        .flatMap(
            a -> {
              if (a instanceof Inet4Address v4) {
                return Optional.of(v4);
              }
              p.add(node.location(), path, a.getHostAddress() + " is not an IPv4 address");
              return Optional.empty();
            });
  }

  /** A prefix such as 198.51.100.0/24; host bits set are an error with the corrected form. */
  static Optional<IpPrefix> prefix(YamlNode node, String path, Problems p) {
    return string(node, path, p)
        .flatMap(
            text -> {
              String t = text.trim();
              int slash = t.indexOf('/');
              Optional<InetAddress> a =
                  slash < 0 ? Optional.empty() : literal(t.substring(0, slash));
              if (a.isEmpty()) {
                p.add(node.location(), path, "'" + text + "' is not a prefix like 198.51.100.0/24");
                return Optional.empty();
              }
              int max = a.get().getAddress().length * 8;
              int length;
              try {
                length = Integer.parseInt(t.substring(slash + 1));
              } catch (NumberFormatException e) {
                length = -1;
              }
              if (length < 0 || length > max) {
                p.add(node.location(), path, "prefix length in '" + text + "' is not in 0.." + max);
                return Optional.empty();
              }
              IpPrefix covering = IpPrefix.covering(a.get(), length);
              if (!covering.address().equals(a.get())) {
                p.add(
                    node.location(),
                    path,
                    "'" + text + "' has host bits set; did you mean " + covering + "?");
                return Optional.empty();
              }
              return Optional.of(covering);
            });
  }

  /** A duration: {@code 90s}, {@code 4h}, {@code 1h30m}, {@code 500ms}, or plain seconds. */
  static Optional<Duration> duration(YamlNode node, String path, Problems p) {
    return string(node, path, p)
        .flatMap(
            text -> {
              String t = text.trim().toLowerCase(Locale.ROOT);
              if (t.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(t)));
              }
              Matcher m = DURATION.matcher(t);
              Duration total = Duration.ZERO;
              int end = 0;
              while (m.lookingAt()) {
                long n = Long.parseLong(m.group(1));
                total =
                    total.plus(
                        switch (m.group(2)) {
                          case "ms" -> Duration.ofMillis(n);
                          case "s" -> Duration.ofSeconds(n);
                          case "m" -> Duration.ofMinutes(n);
                          case "h" -> Duration.ofHours(n);
                          default -> Duration.ofDays(n);
                        });
                end = m.end();
                m.region(end, t.length());
              }
              if (end == 0 || end != t.length()) {
                p.add(
                    node.location(),
                    path,
                    "'" + text + "' is not a duration such as 90s, 30m, 4h or 1h30m");
                return Optional.empty();
              }
              return Optional.of(total);
            });
  }

  /** One of the names of {@code values}, matched case-insensitively, with a hint if misspelt. */
  static <E> Optional<E> oneOf(
      YamlNode node, String path, E[] values, Function<E, String> name, Problems p) {
    return string(node, path, p)
        .flatMap(
            text -> {
              String t = text.trim().toLowerCase(Locale.ROOT);
              List<String> names = new ArrayList<>();
              for (E v : values) {
                if (name.apply(v).equals(t)) {
                  return Optional.of(v);
                }
                names.add(name.apply(v));
              }
              p.add(
                  node.location(),
                  path,
                  "'"
                      + text
                      + "' is not one of "
                      + String.join(", ", names)
                      + Suggestions.didYouMean(t, names));
              return Optional.empty();
            });
  }

  /**
   * A list read item by item; a single value is taken as a list of one. Returns empty if any item
   * failed.
   */
  static <T> Optional<List<T>> list(
      YamlNode node, String path, Problems p, BiFunction<YamlNode, String, Optional<T>> item) {
    List<YamlNode> items = node instanceof YamlNode.Sequence s ? s.items() : List.of(node);
    String itemPath = node instanceof YamlNode.Sequence ? null : path;
    List<T> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Optional<T> v = item.apply(items.get(i), itemPath != null ? itemPath : path + "[" + i + "]");
      if (v.isPresent()) {
        out.add(v.get());
      } else {
        ok = false;
      }
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  static boolean sameFamily(InetAddress a, InetAddress b) {
    return (a instanceof Inet4Address) == (b instanceof Inet4Address)
        && (a instanceof Inet6Address) == (b instanceof Inet6Address);
  }
}
