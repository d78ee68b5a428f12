"""Scale-out on Dask: one task per fixed part of each table, written through fsspec, a manifest last."""
