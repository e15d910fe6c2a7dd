/**
 * Cluster DNS: {@link keelson.dns.DnsServer#start} serves the cluster zone over UDP and TCP from
 * snapshots ({@code records}) fed by informers ({@code feed}), forwarding other names upstream.
 */
package keelson.dns;
