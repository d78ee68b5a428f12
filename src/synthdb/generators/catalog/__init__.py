"""The generator catalog; every module here is imported by the registry and registers its generators."""
