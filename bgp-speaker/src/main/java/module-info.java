/** The BGP-4 speaker, its command line and control socket. */
module org.bgpipsec.bgp {
  requires transitive org.bgpipsec.ike;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;
  requires io.netty.codec;
  requires micrometer.registry.prometheus;
  requires jdk.httpserver;
  requires java.management;

  exports org.bgpipsec.cli;
  exports org.bgpipsec.control;

  opens org.bgpipsec.control to
      com.fasterxml.jackson.databind;
  opens org.bgpipsec.bgp.daemon to
      com.fasterxml.jackson.databind;

  exports org.bgpipsec.bgp.daemon;
  exports org.bgpipsec.bgp.wire;
  exports org.bgpipsec.bgp.fsm;
  exports org.bgpipsec.bgp.rib;
  exports org.bgpipsec.bgp.session;

  opens org.bgpipsec.cli to
      info.picocli;

  uses org.bgpipsec.cli.CommandExtension;
}
