package org.bgpipsec.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which Netty I/O transport carries a speaker's sockets ({@code speaker.transport}): the UDP
 * endpoint for IKE and ESP, and kernel TCP for unprotected peers. All of a speaker's channels and
 * its event loops use the one transport.
 */
public enum IoTransport {
  /**
   * The JVM-wide choice: the system property {@code bgpipsec.transport} if set, else native epoll
   * where it is available (Linux x86_64), else NIO.
   */
  AUTO("auto"),
  /** Netty's native epoll transport; starting fails where it is not available. */
  EPOLL("epoll"),
  /** The JDK's NIO selector transport, available everywhere. */
  NIO("nio");

  private final String configName;

  IoTransport(String configName) {
    this.configName = configName;
  }

  /** The name in the configuration file and the system property. */
  public String configName() {
    return configName;
  }

  /** The value named {@code name} (case-insensitive, surrounding blanks ignored), if any. */
  public static Optional<IoTransport> byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (IoTransport t : values()) {
      if (t.configName.equals(n)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
