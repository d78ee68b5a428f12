"""The generator catalog: one sub-package per category; the registry imports every module below it."""
