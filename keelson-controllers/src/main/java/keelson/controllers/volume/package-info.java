/**
 * Storage controllers: the default StorageClass, the PV binder (static matching, binding, release
 * and reclaim), the local-path provisioner (a directory per volume) and pvc-/pv-protection.
 * {@link keelson.controllers.volume.VolumePlanner} decides purely;
 * {@link keelson.controllers.volume.VolumeActions} is the only I/O.
 */
package keelson.controllers.volume;
