/** Benchmarks, load generators and reports: how much the cryptography costs. */
module org.bgpipsec.perf {
  requires org.bgpipsec.bgp;
  requires info.picocli;
  requires jmh.core;
  requires HdrHistogram;
  requires com.fasterxml.jackson.databind;
  requires io.netty.transport;
  requires io.netty.common;
  requires micrometer.core;
  requires java.management;
  requires jdk.management;
  requires java.xml;

  exports org.bgpipsec.perf.load;
  exports org.bgpipsec.perf.report;

  opens org.bgpipsec.perf.load to
      info.picocli,
      com.fasterxml.jackson.databind;
  opens org.bgpipsec.perf.report to
      info.picocli,
      com.fasterxml.jackson.databind;

  provides org.bgpipsec.cli.CommandExtension with
      org.bgpipsec.perf.load.PerfCommandExtension;
}
