/**
 * Feeds cluster DNS from the API: {@link keelson.dns.feed.RecordsFeed} turns informer events into
 * a fresh {@link keelson.dns.records.DnsRecords} snapshot, debounced.
 */
package keelson.dns.feed;
