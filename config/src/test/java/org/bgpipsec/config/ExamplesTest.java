package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example under config/examples/ loads, and the two speakers mirror each other. */
class ExamplesTest {

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("examples"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void loads(Path file) throws ConfigException {
    SpeakerConfig c = ConfigLoader.withEnvironment(k -> null).load(file);
    assertThat(c.peers()).hasSize(1);
    PeerConfig peer = c.peers().getFirst();
    assertThat(peer.protection().enabled()).isTrue();
    String other = file.getFileName().toString().startsWith("r1") ? "r2" : "r1";
    SpeakerConfig mirror =
        ConfigLoader.withEnvironment(k -> null)
            .load(file.resolveSibling(file.getFileName().toString().replaceFirst("^r[12]", other)));
    assertThat(peer.address()).isEqualTo(mirror.address());
    assertThat(peer.remoteAs()).isEqualTo(mirror.localAs());
    assertThat(peer.protection().remoteId())
        .isEqualTo(mirror.peers().getFirst().protection().localId());
  }
}
