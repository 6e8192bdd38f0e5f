package org.bgpipsec.bgp.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Consumer;

/**
 * Appends key-log lines (Wireshark's IKEv2 decryption table) to a file created with mode 0600: the
 * lines are secrets, for lab debugging only.
 */
final class KeyLogFile implements Consumer<String> {
  private final Path file;

  KeyLogFile(Path file) throws IOException {
    this.file = file;
    if (!Files.exists(file)) {
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
    }
  }

  @Override
  public synchronized void accept(String line) {
    try {
      Files.writeString(file, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the key log " + file, e);
    }
  }
}
