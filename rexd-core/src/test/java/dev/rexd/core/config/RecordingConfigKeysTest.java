package dev.rexd.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.core.recording.CastFormat;
import dev.rexd.core.recording.RecordingConfig;
import dev.rexd.core.transcript.TranscriptConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code [recording]} and {@code [transcript]}: every key, the defaults, and clear errors. */
class RecordingConfigKeysTest {

  @Test
  void everyKeyIsRead() {
    RexdConfig c = RexdConfig.parse(String.join("\n",
        "[recording]", "enabled = true", "dir = '/var/lib/rexd/rec'", "max_total_bytes = 1000", "max_age_days = 2",
        "record_input = true", "format = 'v2'",
        "[transcript]", "enabled = true", "path = '/var/log/rexd/t.jsonl'", "max_output_bytes = 4096",
        "max_file_bytes = 5000"), "t.toml");
    assertThat(c.recordingConfig()).isEqualTo(new RecordingConfig(Path.of("/var/lib/rexd/rec"), 1000, 2, true,
        CastFormat.V2));
    assertThat(c.transcriptConfig()).isEqualTo(new TranscriptConfig(Path.of("/var/log/rexd/t.jsonl"), 4096, 5000));
  }

  @Test
  void defaultsApplyAndDisabledMeansNone() {
    RexdConfig c = RexdConfig.parse("[recording]\nenabled = true\ndir = 'r'\n[transcript]\nenabled = true\npath = 't'\n",
        "t.toml");
    assertThat(c.recordingConfig()).isEqualTo(RecordingConfig.in(Path.of("r")));
    assertThat(c.transcriptConfig()).isEqualTo(TranscriptConfig.at(Path.of("t")));
    RexdConfig off = RexdConfig.parse("[recording]\nenabled = false\n[transcript]\npath = 't'\n", "t.toml");
    assertThat(off.recordingConfig()).isNull();
    assertThat(off.transcriptConfig()).isNull();
  }

  @Test
  void badValuesAndUnknownKeysAreNamed() {
    assertThatThrownBy(() -> RexdConfig.parse("[recording]\nenabled = true\n", "t.toml").recordingConfig())
        .isInstanceOf(ConfigException.class).hasMessage("[recording] enabled = true needs a dir");
    assertThatThrownBy(() -> RexdConfig.parse("[recording]\nenabled = true\ndir = 'r'\nformat = 'v9'\n", "t.toml")
        .recordingConfig()).isInstanceOf(ConfigException.class).hasMessageContaining("v3 or v2");
    assertThatThrownBy(() -> RexdConfig.parse("[recording]\nenabled = true\ndir = 'r'\nmax_age_days = -1\n", "t.toml")
        .recordingConfig()).isInstanceOf(ConfigException.class).hasMessage("[recording] max_age_days must not be negative");
    assertThatThrownBy(() -> RexdConfig.parse("[transcript]\nenabled = true\npath = 't'\nmax_output_bytes = 10\n",
        "t.toml").transcriptConfig()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("[transcript] max_output_bytes must be at least");
    assertThatThrownBy(() -> RexdConfig.parse("[recording]\nretention = 3\n", "t.toml"))
        .isInstanceOf(ConfigException.class).hasMessage("t.toml: unknown key 'recording.retention'");
    assertThatThrownBy(() -> RexdConfig.parse("[transcript]\nmax_bytes = 3\n", "t.toml"))
        .isInstanceOf(ConfigException.class).hasMessage("t.toml: unknown key 'transcript.max_bytes'");
  }
}
