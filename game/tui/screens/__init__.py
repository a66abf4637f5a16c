"""Screens of the full-screen game."""
