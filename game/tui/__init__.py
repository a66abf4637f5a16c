"""The full-screen game: a Textual face over the engine. Nothing here decides a rule."""
