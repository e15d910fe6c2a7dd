/**
 * A bounded load program for the storage backends: writes and reads per second with p50 and p99
 * latency, for memory, sqlite and etcd through the storage SPI, and raw jetcd puts as the peer,
 * all in one run. See bench/README.md.
 */
package keelson.bench.storage;
