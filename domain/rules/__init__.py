"""Pure business rules: plain functions over plain values, no I/O."""
