"""Politburo: a terminal game of Soviet high politics, 1924-1929."""

__version__ = "0.1.0"
