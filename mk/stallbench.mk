## Benchmarks of stall detection: latency and supervision cost.
