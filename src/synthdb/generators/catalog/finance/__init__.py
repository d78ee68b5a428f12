"""Banking and finance: accounts, payment cards, currencies and stocks, crypto addresses."""
