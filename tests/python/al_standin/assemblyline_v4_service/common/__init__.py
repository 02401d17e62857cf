"""STAND-IN for tests: not the real assemblyline_v4_service package."""
