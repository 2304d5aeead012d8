"""Registrations: booking, the waiting list, listings and residents, used by the phone's
menus, the staff pages, the reminders and the info screen."""
