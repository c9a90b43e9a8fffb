"""After the event: certificates of attendance and feedback surveys.

Reads events and registrations, sends through messaging, exports XLSX with
exports' writers; nothing below it imports it (a contract in pyproject.toml).
"""
