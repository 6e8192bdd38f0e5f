package org.bgpipsec.perf.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where and when a run was made: what a reader needs to judge the figures (LAB.md: shared machines
 * are noisy, so the load average is part of the result).
 *
 * @param cpu the CPU model
 * @param cores processors available to the JVM
 * @param memoryGiB physical memory
 * @param jdk the JDK's vendor and version
 * @param os the kernel
 * @param startedUtc when the run started
 * @param loadAverageBefore the 1-minute load average before the run
 * @param loadAverageAfter the 1-minute load average after it
 */
public record Machine(
    String cpu,
    int cores,
    double memoryGiB,
    String jdk,
    String os,
    String startedUtc,
    double loadAverageBefore,
    double loadAverageAfter) {

  /** This machine now (the load average after is filled in by {@link #finished}). */
  public static Machine now() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    double mem = 0;
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      mem = Math.round(sun.getTotalMemorySize() / (1024.0 * 1024 * 1024) * 10) / 10.0;
    }
    return new Machine(
        cpuModel(),
        Runtime.getRuntime().availableProcessors(),
        mem,
        System.getProperty("java.vm.vendor") + " " + Runtime.version(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        Instant.now().toString(),
        os.getSystemLoadAverage(),
        -1);
  }

  /** This record with the load average after the run. */
  public Machine finished() {
    return new Machine(
        cpu,
        cores,
        memoryGiB,
        jdk,
        os,
        startedUtc,
        loadAverageBefore,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture below
    }
    return System.getProperty("os.arch");
  }
}
