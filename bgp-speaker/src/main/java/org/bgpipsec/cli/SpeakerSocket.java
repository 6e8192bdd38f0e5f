package org.bgpipsec.cli;

import java.nio.file.Path;
import org.bgpipsec.config.SpeakerConfig;

/** Where a speaker's control socket is: configured, or a per-speaker name in the temp directory. */
final class SpeakerSocket {
  private SpeakerSocket() {}

  static Path of(SpeakerConfig c) {
    return c.controlSocket()
        .orElseGet(
            () -> Path.of(System.getProperty("java.io.tmpdir"), "bgp-ipsec-" + c.name() + ".sock"));
  }
}
