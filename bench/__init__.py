"""`make bench`: load tests of Anmälan beside a bare Django baseline (see bench/README.md)."""
