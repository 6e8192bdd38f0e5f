package org.bgpipsec.perf.load;

import java.util.List;
import org.bgpipsec.cli.CommandExtension;

/** Adds {@code bgp-ipsec perf ...} to the command line (found by ServiceLoader). */
public final class PerfCommandExtension implements CommandExtension {
  @Override
  public List<Object> commands() {
    return List.of(new PerfCommand());
  }
}
