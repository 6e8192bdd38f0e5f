package org.bgpipsec.perf.load;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A status line on stderr, redrawn once a second while a run lasts, then ended with a newline.
 * Writes nothing when {@code quiet}.
 */
final class Progress implements AutoCloseable {
  private final PrintStream err;
  private final Thread thread;
  private final Supplier<String> line;
  private volatile boolean running = true;

  Progress(PrintStream err, boolean quiet, Supplier<String> line) {
    this.err = err;
    this.line = line;
    this.thread =
        quiet
            ? null
            : Thread.ofPlatform()
                .daemon()
                .name("perf-progress")
                .start(
                    () -> {
                      while (running) {
                        try {
                          Thread.sleep(1000);
                        } catch (InterruptedException e) {
                          return;
                        }
                        if (running) {
                          err.print("\r\033[K" + line.get());
                          err.flush();
                        }
                      }
                    });
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      thread.interrupt();
      err.println("\r\033[K" + line.get());
    }
  }
}
