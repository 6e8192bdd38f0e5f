package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code speaker.transport}: auto (the default), epoll or nio; anything else names file:line. */
class TransportConfigTest {

  @TempDir Path dir;

  String document(String transportLine) {
    return MinimalSpeaker.document(transportLine);
  }

  SpeakerConfig load(String yaml) throws Exception {
    return MinimalSpeaker.load(dir, yaml);
  }

  @Test
  void defaultsToAuto() throws Exception {
    assertThat(load(document("")).transport()).isEqualTo(IoTransport.AUTO);
  }

  @ParameterizedTest
  @CsvSource({"auto, AUTO", "epoll, EPOLL", "nio, NIO", "EPOLL, EPOLL", "' Nio ', NIO"})
  void acceptsEachName(String written, IoTransport expected) throws Exception {
    assertThat(load(document("  transport: '" + written + "'")).transport()).isEqualTo(expected);
  }

  @Test
  void aWrongNameIsReportedWithFileLineAndField() {
    Path file = dir.resolve("r1.yaml");
    assertThatThrownBy(() -> load(document("  transport: epol")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .satisfies(
                        p -> {
                          assertThat(p.file()).isEqualTo(file);
                          assertThat(p.line()).isEqualTo(4);
                          assertThat(p.field()).isEqualTo("speaker.transport");
                        }));
  }

  @Test
  void aNonScalarIsReported() {
    assertThatThrownBy(() -> load(document("  transport: [epoll, nio]")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> {
                          assertThat(p.line()).isEqualTo(4);
                          assertThat(p.field()).isEqualTo("speaker.transport");
                        }));
  }

  @Test
  void namesRoundTrip() {
    for (IoTransport t : IoTransport.values()) {
      assertThat(IoTransport.byName(t.configName())).contains(t);
    }
    assertThat(IoTransport.byName("kqueue")).isEmpty();
  }
}
