/**
 * Pure scores that rank the nodes a pod fits, each mirroring a kube-scheduler score plugin and
 * normalized to 0–100, and {@link keelson.scheduler.score.Scoring}, which weighs them and picks the
 * best node, breaking ties with an injected random.
 */
package keelson.scheduler.score;
