/** The protected data path: ESP, the SA and policy databases, RFC 3948 UDP and user-space TCP. */
module org.bgpipsec.ipsec {
  requires transitive org.bgpipsec.config;
  requires transitive io.netty.buffer;
  requires transitive io.netty.common;
  requires transitive io.netty.transport;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires transitive micrometer.core;

  exports org.bgpipsec.ipsec.esp;
  exports org.bgpipsec.ipsec.fault;
  exports org.bgpipsec.ipsec.ip;
  exports org.bgpipsec.ipsec.path;
  exports org.bgpipsec.ipsec.pcap;
  exports org.bgpipsec.ipsec.sa;
  exports org.bgpipsec.ipsec.tcp;
  exports org.bgpipsec.ipsec.tun;
  exports org.bgpipsec.ipsec.udp;
}
