"""Travel: airports, airlines and flights, and vehicles."""
