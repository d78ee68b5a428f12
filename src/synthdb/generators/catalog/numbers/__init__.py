"""Numbers: plain, money and row numbers, and values from probability distributions."""
