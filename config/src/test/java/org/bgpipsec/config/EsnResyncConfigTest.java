package org.bgpipsec.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code speaker.esn-resync} (RFC 4303 appendix A3); bad values are in {@link BrokenConfigTest}.
 */
class EsnResyncConfigTest {

  @TempDir Path dir;

  SpeakerConfig load(String esnResyncLines) throws Exception {
    return MinimalSpeaker.load(dir, MinimalSpeaker.document(esnResyncLines));
  }

  @Test
  void defaultsToSixtyFourFailuresThenEightRetries() throws Exception {
    assertThat(load("").esnResync()).isEqualTo(new EsnResyncConfig(64, 8));
    assertThat(load("").esnResync()).isEqualTo(EsnResyncConfig.DEFAULT);
  }

  @Test
  void bothFieldsAreRead() throws Exception {
    assertThat(load("  esn-resync: {trigger: 16, max-retries: 2}").esnResync())
        .isEqualTo(new EsnResyncConfig(16, 2));
  }

  @Test
  void anOmittedFieldKeepsItsDefault() throws Exception {
    assertThat(load("  esn-resync: {max-retries: 0}").esnResync())
        .isEqualTo(new EsnResyncConfig(64, 0));
    assertThat(load("  esn-resync:\n    trigger: 1").esnResync())
        .isEqualTo(new EsnResyncConfig(1, 8));
  }

  @Test
  void theLimitsAreAccepted() throws Exception {
    assertThat(load("  esn-resync: {trigger: 1048576, max-retries: 1024}").esnResync())
        .isEqualTo(new EsnResyncConfig(EsnResyncConfig.MAX_TRIGGER, EsnResyncConfig.MAX_RETRIES));
  }

  @Test
  void theRecordRefusesWhatTheFileMayNotSay() {
    assertThatThrownBy(() -> new EsnResyncConfig(0, 8))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EsnResyncConfig(1, EsnResyncConfig.MAX_RETRIES + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
