"""Rasa input channels the project adjusts."""
