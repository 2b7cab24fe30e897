"""The performance benchmark: data generator, load journeys and runner (see bench/README.md)."""
