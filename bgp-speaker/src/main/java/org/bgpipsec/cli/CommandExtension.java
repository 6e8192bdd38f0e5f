package org.bgpipsec.cli;

import java.util.List;

/**
 * Adds top-level subcommands to {@code bgp-ipsec} from a module that the CLI cannot depend on (the
 * perf module's load generators). Found with {@link java.util.ServiceLoader}.
 */
public interface CommandExtension {

  /** The picocli command objects to add, each annotated with {@code @Command(name = ...)}. */
  List<Object> commands();
}
