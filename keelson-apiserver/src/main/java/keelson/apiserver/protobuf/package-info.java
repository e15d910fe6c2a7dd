/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}, what
 * kubectl's typed clients send) into the JSON trees kube-apiserver would have read from the same
 * objects. {@link keelson.apiserver.protobuf.ProtobufBodies} is the entry point; the field numbers
 * and JSON rules come from the generated {@code messages.json} table (see
 * {@code src/tools/generate_protobuf_table.py}).
 */
package keelson.apiserver.protobuf;
