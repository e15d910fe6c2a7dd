/**
 * The thin I/O half of cluster DNS: {@link keelson.dns.server.UdpListener} and
 * {@link keelson.dns.server.TcpListener} move bytes; {@link keelson.dns.server.DnsResponder}
 * parses with dnsjava, asks the current snapshot, forwards what is not ours through an
 * {@link keelson.dns.server.Upstream}, and renders (truncating with TC over UDP).
 */
package keelson.dns.server;
