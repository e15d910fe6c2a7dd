/**
 * JMH micro-benchmarks of how the in-process components' fabric8 client decodes what the API
 * server sends: a watch event's JSON to the model object, with fabric8's stock serialisation and
 * with the components' own ({@code keelson.controllers.runtime.ClientSerialization}). See
 * bench/README.md.
 */
package keelson.bench.decode;
