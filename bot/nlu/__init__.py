"""Custom Rasa NLU: zones, sides, triggers, negation and red flags from the knowledge base."""
