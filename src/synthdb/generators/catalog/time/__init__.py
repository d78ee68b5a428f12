"""Dates and times: values in a range or relative to another column, and their parts and forms."""
