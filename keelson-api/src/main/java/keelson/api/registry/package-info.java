/**
 * Which kinds Keelson serves: group, version, kind, plural, scope, short names, categories,
 * subresources and where each lives in storage. A new kind is one entry in {@link
 * keelson.api.registry.BuiltinResources}.
 */
package keelson.api.registry;
