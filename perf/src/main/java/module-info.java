/** Benchmarks, load generators and reports: how much the cryptography costs. */
module org.bgpipsec.perf {
  requires org.bgpipsec.bgp;
  requires info.picocli;
  requires jmh.core;
  requires HdrHistogram;
  requires java.management;
}
