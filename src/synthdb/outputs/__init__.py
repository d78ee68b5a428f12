"""Outputs: file formats and database targets, each one small class registered in one place."""

from synthdb.outputs.base import OutputFormat
from synthdb.outputs.job import ColumnInfo, OutputJob, TableOutput
from synthdb.outputs.registry import FORMATS, register_format

__all__ = ["FORMATS", "ColumnInfo", "OutputFormat", "OutputJob", "TableOutput", "register_format"]
