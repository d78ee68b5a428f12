"""Networks, the web and files."""
