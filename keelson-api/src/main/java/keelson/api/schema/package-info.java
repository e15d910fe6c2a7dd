/**
 * The field schema of every served kind, read from fabric8's model classes: what strict decoding
 * checks, what strategic merge patch merges by, and what OpenAPI describes.
 */
package keelson.api.schema;
