## Stall detection: classes, diagnostics, reports, policy.
