"""Comanda's domain: errors and pure business rules (no I/O)."""
