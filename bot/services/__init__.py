"""Use cases: each takes plain values, applies the pure rules, reads and writes the store."""
