"""Triage assistant for an at-home massage service: everything that is not a Rasa action."""
