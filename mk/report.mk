## Stall diagnostics, reports and the policy table.
