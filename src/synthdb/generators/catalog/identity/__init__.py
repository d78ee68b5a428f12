"""National identity numbers with their official check digits, by country."""
