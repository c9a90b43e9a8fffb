"""List builders: columns, reports, CSV/XLSX/PDF writers and the export command (no pages).

May import events and registrations; never the back office or the demo.
"""
