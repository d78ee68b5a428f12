"""People: names, personal facts, online accounts, education and phone numbers."""
