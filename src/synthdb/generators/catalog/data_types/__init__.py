"""Data types: booleans, constants, lists, strings, text patterns, nested values, CSV columns, UUIDs."""
