/**
 * A Linux TUN device through the JDK's foreign function API, and a bridge that makes it an {@link
 * org.bgpipsec.ipsec.tcp.IpPacketPath}: the host kernel's IP packets to and from the user-space
 * stack (or, later, the ESP engine). Needs root (CAP_NET_ADMIN) and {@code --enable-native-access}.
 */
package org.bgpipsec.ipsec.tun;
