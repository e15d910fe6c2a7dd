/**
 * Bounded load programs for the whole API server: create, get, list and watch figures for Keelson
 * and for fabric8's mock server in CRUD mode, driven by the same java.net.http client in one run;
 * and process-level start-up time and idle memory of {@code keelson server}. See bench/README.md.
 */
package keelson.bench.api;
