"""Values related to other columns and tables: foreign keys, calculated values, SQL expressions."""
