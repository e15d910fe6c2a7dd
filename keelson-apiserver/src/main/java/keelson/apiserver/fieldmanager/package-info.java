/**
 * Field ownership ({@code metadata.managedFields}) and server-side apply, after kube-apiserver's
 * field manager (k8s.io/apimachinery {@code managedfields}) and structured-merge-diff.
 *
 * <p>{@link keelson.apiserver.fieldmanager.FieldManager} is the entry point: the registry calls
 * {@code update} on every create and update (after defaulting, before the update strategy), the
 * PATCH handler calls {@code apply} for {@code application/apply-patch+yaml}. Field sets are trees
 * of path elements ({@code f:}, {@code k:{...}}, {@code v:}, {@code i:}) read from and written to
 * fieldsV1; merge types (struct, map, set or map list, atomic leaf) come from the served kinds'
 * schemas and {@link keelson.api.schema.ListTypes}.
 *
 * <p>What kube-apiserver does that this does not: apply through the {@code scale} subresource
 * (still a merge of the Scale, recorded as an update), conversion between API versions (every
 * kind is served in one version), and knowing every struct Go declares by value (a create owns
 * the top-level structs' and pod templates' contents but not the structs themselves, as on
 * Kubernetes; deeper value structs are owned as if they had been added).
 */
package keelson.apiserver.fieldmanager;
