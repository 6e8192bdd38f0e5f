/**
 * The local control socket: a running speaker answers {@code show} requests from the command line
 * over a Unix domain socket, one request line and one JSON document per connection.
 */
package org.bgpipsec.control;
