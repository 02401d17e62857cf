"""Assemblyline service around the `emulate` command (Speakeasy-format reports)."""
