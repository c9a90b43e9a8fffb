"""Who comes: bookings, registrations, questions and answers, capacity and the waiting list,
the services, the public signup and manage pages, privacy, reminders, cancelling an event.

May import events and messaging; never the back office or the demo.
"""
