package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/**
 * Any text at all either loads or fails with located problems: never another exception, a hang or a
 * problem without a place. Replays its corpus in {@code ./mvnw verify}; fuzz with {@code
 * JAZZER_FUZZ=1 ./mvnw -pl config test -Dtest=ConfigLoaderFuzzTest}.
 */
class ConfigLoaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void anyTextLoadsOrFailsWithLocatedProblems(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Path file = Path.of("fuzz.yaml");
    try {
      SpeakerConfig c = ConfigLoader.withEnvironment(k -> null).parse(file, text);
      assertThat(c.peers()).isNotEmpty();
    } catch (ConfigException e) {
      assertThat(e.problems()).isNotEmpty().hasSizeLessThanOrEqualTo(Problems.MAX);
      for (ConfigProblem p : e.problems()) {
        assertThat(p.file()).isEqualTo(file);
        assertThat(p.line()).isPositive();
        assertThat(p.column()).isPositive();
        assertThat(p.message()).isNotBlank();
      }
    }
  }
}
