"""Meetings: who is on the phone in an event's conference, and what they signal."""
