package org.bgpipsec.perf.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@code perf} load command writes with {@code --json}, and what {@code perf report} reads.
 *
 * @param kind the command: ike-setup or ike-flood
 * @param command the command line, as the user can run it again
 * @param machine where and when
 * @param setups the ike-setup results (empty for other kinds)
 * @param floods the ike-flood and auth-flood results (empty for other kinds)
 * @param espFloods the esp-flood results (empty for other kinds)
 * @param peers the peers results (empty for other kinds; absent in older files)
 */
public record ResultFile(
    String kind,
    String command,
    Machine machine,
    List<SetupResult> setups,
    List<FloodResult> floods,
    List<EspFloodResult> espFloods,
    List<PeersResult> peers) {

  public ResultFile {
    setups = List.copyOf(setups);
    floods = List.copyOf(floods);
    espFloods = espFloods == null ? List.of() : List.copyOf(espFloods);
    peers = peers == null ? List.of() : List.copyOf(peers);
  }

  /** A result file without peers results. */
  public ResultFile(
      String kind,
      String command,
      Machine machine,
      List<SetupResult> setups,
      List<FloodResult> floods,
      List<EspFloodResult> espFloods) {
    this(kind, command, machine, setups, floods, espFloods, List.of());
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes this as JSON to {@code file} (parent directories created). */
  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JSON.writeValue(file.toFile(), this);
  }

  /** Reads a file written by {@link #write}. */
  public static ResultFile read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ResultFile.class);
  }
}
