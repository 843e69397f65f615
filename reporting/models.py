"""Coverage toward the targets: computation, dashboards, exports, snapshots."""
