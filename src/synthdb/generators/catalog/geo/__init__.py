"""Places: addresses, real places per row, countries and languages."""
