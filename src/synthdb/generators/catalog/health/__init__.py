"""Healthcare: codes and identifiers, and clinical data."""
