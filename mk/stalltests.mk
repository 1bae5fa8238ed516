## End-to-end tests of stall detection through the binary.
