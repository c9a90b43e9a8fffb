"""The back office: everything an organiser sees in the admin (the admin site, every
ModelAdmin, scoping per organiser, actions, dashboard, check-in, messages, exports).

May import every domain app (events, registrations, messaging, exports); none imports it.
"""
