/**
 * The controllers: ordinary API clients that watch objects through informers and reconcile them.
 * {@code runtime} holds the machinery shared by all of them; each controller has its own package
 * with a wiring {@code *Controller}, a pure {@code *Planner} and a thin {@code *Actions} port.
 */
package keelson.controllers;
