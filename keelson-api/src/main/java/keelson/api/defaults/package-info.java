/**
 * What kube-apiserver does to an object before validation: defaulting of unset fields, and the
 * per-kind create and update preparation (status reset, generation, kind-specific bookkeeping).
 */
package keelson.api.defaults;
