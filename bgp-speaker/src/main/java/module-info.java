/** The BGP-4 speaker, its command line and control socket. */
module org.bgpipsec.bgp {
  requires transitive org.bgpipsec.ike;
  requires info.picocli;
  requires micrometer.registry.prometheus;

  exports org.bgpipsec.cli;
  exports org.bgpipsec.bgp.wire;
  exports org.bgpipsec.bgp.fsm;

  opens org.bgpipsec.cli to
      info.picocli;

  uses org.bgpipsec.cli.CommandExtension;
}
