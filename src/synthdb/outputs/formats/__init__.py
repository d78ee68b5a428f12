"""Output formats; every module here is imported by the registry and registers its format."""
