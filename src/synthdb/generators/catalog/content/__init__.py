"""Content: colors, images, movies, natural science and free text."""
