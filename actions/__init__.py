"""Rasa SDK actions: thin classes, one module per concern, that call into `bot`."""
