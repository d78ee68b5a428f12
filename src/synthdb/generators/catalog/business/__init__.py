"""Companies and products, and product codes with check digits."""
