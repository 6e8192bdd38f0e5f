package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code speaker.warm-up}: true (the default) or false; anything else names file:line. */
class WarmUpConfigTest {

  @TempDir Path dir;

  String document(String warmUpLine) {
    return MinimalSpeaker.document(warmUpLine);
  }

  SpeakerConfig load(String yaml) throws Exception {
    return MinimalSpeaker.load(dir, yaml);
  }

  @Test
  void defaultsToOn() throws Exception {
    assertThat(load(document("")).warmUp()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"true, true", "false, false", "off, false", "yes, true", "' False ', false"})
  void acceptsTrueAndFalse(String written, boolean expected) throws Exception {
    assertThat(load(document("  warm-up: '" + written + "'")).warmUp()).isEqualTo(expected);
  }

  @Test
  void withWarmUpChangesOnlyThatField() throws Exception {
    SpeakerConfig on = load(document(""));
    SpeakerConfig off = on.withWarmUp(false);
    assertThat(off.warmUp()).isFalse();
    assertThat(off.withWarmUp(true)).isEqualTo(on);
  }

  @Test
  void aBadValueIsReportedWithFileLineAndField() {
    Path file = dir.resolve("r1.yaml");
    assertThatThrownBy(() -> load(document("  warm-up: maybe")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.file()).isEqualTo(file);
                          assertThat(p.line()).isEqualTo(4);
                          assertThat(p.field()).isEqualTo("speaker.warm-up");
                        }));
  }
}
