"""Widgets of the full-screen game."""
