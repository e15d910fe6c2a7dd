/** Conversions between the versions of a kind that share one storage (events.k8s.io/v1 and core/v1 Events). */
package keelson.api.conversion;
