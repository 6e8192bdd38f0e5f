/** IKEv2 (RFC 7296): messages, key derivation, authentication and the SA state machines. */
module org.bgpipsec.ike {
  requires transitive org.bgpipsec.ipsec;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires com.amazon.corretto.crypto.provider;
  requires java.management;

  exports org.bgpipsec.ike.auth;
  exports org.bgpipsec.ike.crypto;
  exports org.bgpipsec.ike.message;
  exports org.bgpipsec.ike.sa;
  exports org.bgpipsec.ike.dos;
}
