/**
 * The pure half of cluster DNS: {@link keelson.dns.records.DnsRecords}, an immutable snapshot built
 * from Services, EndpointSlices, Namespaces (and Pods for {@code pods verified}) that decides the
 * answer to one question — records, NODATA, NXDOMAIN or "forward upstream" — as the Kubernetes DNS
 * specification 1.1.0 and CoreDNS 1.11's kubernetes plugin do. No sockets, no clients, no clock.
 */
package keelson.dns.records;
