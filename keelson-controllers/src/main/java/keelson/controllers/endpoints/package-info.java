/**
 * The EndpointSlice and Endpoints controllers: for every Service with a selector, the addresses
 * of the pods it selects, as {@code discovery.k8s.io/v1} EndpointSlices and as the older
 * {@code v1} Endpoints object. Pure planners decide; thin controllers watch and write.
 */
package keelson.controllers.endpoints;
