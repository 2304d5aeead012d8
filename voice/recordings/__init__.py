"""Residents' recordings on their way from Twilio into our storage, and out again."""
