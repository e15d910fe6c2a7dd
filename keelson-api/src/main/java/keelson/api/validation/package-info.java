/**
 * Validation as kube-apiserver does it for the served kinds: field errors with kube-apiserver's
 * paths, reasons and wording, so kubectl prints the same lines.
 */
package keelson.api.validation;
